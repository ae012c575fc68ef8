package io.sluice.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strict reading of a captured MPEG-TS file (ISO/IEC 13818-1): packets per PID, continuity errors, and
 * discontinuity_indicators. Stricter than a decoder: every payload-carrying packet must carry the previous
 * continuity_counter + 1 (mod 16) on its PID — or the same value once (a duplicate) — unless it is flagged
 * with discontinuity_indicator = 1 (§2.4.3.5), which is the only excuse.
 *
 * @param packets whole 188-byte packets read
 * @param syncErrors packets whose first byte is not 0x47
 * @param continuityErrors unflagged continuity_counter jumps
 * @param pids packets per PID
 * @param discontinuities packets flagged with discontinuity_indicator, per PID
 */
public record TsFile(
        long packets,
        long syncErrors,
        long continuityErrors,
        Map<Integer, Long> pids,
        Map<Integer, Long> discontinuities) {
    private static final int SIZE = 188;
    private static final int NULL_PID = 0x1FFF;

    public static TsFile read(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        long packets = 0;
        long sync = 0;
        long errors = 0;
        Map<Integer, Long> pids = new TreeMap<>();
        Map<Integer, Long> flagged = new TreeMap<>();
        int[] last = new int[8192];
        java.util.Arrays.fill(last, -1);
        for (int p = 0; p + SIZE <= b.length; p += SIZE) {
            packets++;
            if ((b[p] & 0xFF) != 0x47) {
                sync++;
                continue;
            }
            int pid = (b[p + 1] & 0x1F) << 8 | (b[p + 2] & 0xFF);
            int afc = (b[p + 3] >> 4) & 0x3;
            int cc = b[p + 3] & 0xF;
            pids.merge(pid, 1L, Long::sum);
            if (pid == NULL_PID) continue;
            boolean discontinuity = (afc & 0x2) != 0 && (b[p + 4] & 0xFF) > 0 && (b[p + 5] & 0x80) != 0;
            if (discontinuity) flagged.merge(pid, 1L, Long::sum);
            if ((afc & 0x1) == 0) continue; // no payload: the counter does not advance
            int before = last[pid];
            if (before >= 0 && !discontinuity && cc != ((before + 1) & 0xF) && cc != before) errors++;
            last[pid] = cc;
        }
        return new TsFile(packets, sync, errors, pids, flagged);
    }

    /** PIDs as hex strings, for messages. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        pids.forEach((pid, n) -> s.append(String.format("0x%x:%d ", pid, n)));
        return s.toString().strip();
    }
}
