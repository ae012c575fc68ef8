package io.sluice.ts;

/**
 * One PID as seen on the wire.
 *
 * @param pid the PID
 * @param use {@code pat}, {@code pmt}, {@code es} (declared in a PMT), {@code null} (0x1FFF), {@code si}
 *     (other reserved tables: CAT, NIT, SDT, EIT…, PIDs 0x0001–0x001F) or {@code unreferenced}
 * @param packets TS packets, count
 * @param bitrateBps bitrate over the last ~1 s, bits/s
 * @param continuityErrors continuity_counter errors, count
 */
public record PidInfo(int pid, String use, long packets, long bitrateBps, long continuityErrors) {}
