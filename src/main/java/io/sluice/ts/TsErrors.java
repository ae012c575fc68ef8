package io.sluice.ts;

/**
 * Damage a {@link TsAnalyzer} has seen and survived since it started, as counts.
 *
 * @param syncLosses times the stream lost packet alignment after having it (no 0x47 sync byte where the
 *     next packet should start)
 * @param bytesSkipped bytes thrown away while looking for sync (including a misaligned start)
 * @param truncatedPackets packets cut short at the end of a payload and not completed by the next one
 * @param badSectionLengths PAT/PMT sections with an impossible section_length, a pointer_field past the
 *     packet, or cut short by the start of the next section
 * @param crcErrors PAT/PMT sections whose CRC_32 is wrong (ISO/IEC 13818-1 Annex A)
 * @param transportErrors packets with transport_error_indicator set (ignored beyond this count)
 * @param adaptationFieldErrors packets whose adaptation_field_length runs past the packet
 * @param untrackedPids distinct PIDs not tracked because the PID table was full
 * @param untrackedPackets packets on those PIDs
 * @param analyzerFaults internal faults caught (a bug if ever non-zero; the payload was skipped)
 */
public record TsErrors(
        long syncLosses,
        long bytesSkipped,
        long truncatedPackets,
        long badSectionLengths,
        long crcErrors,
        long transportErrors,
        long adaptationFieldErrors,
        long untrackedPids,
        long untrackedPackets,
        long analyzerFaults) {}
