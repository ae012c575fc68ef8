package io.sluice.ts;

import java.util.List;

/**
 * What a {@link TsAnalyzer} knows about a transport stream at one moment, for the REST API and metrics.
 * Immutable. Values are read one by one while the receive thread goes on, so two of them may come from
 * moments a few packets apart (counters are never torn, and every nested record is whole).
 *
 * @param bitrateBps total transport-stream bitrate over the last ~1 s, bits/s: every 188-byte packet
 *     counts, null packets included
 * @param smoothedBitrateBps the same, exponentially smoothed (time constant 5 s), bits/s
 * @param packets TS packets analysed since the start (including null packets and packets with
 *     transport_error_indicator set)
 * @param transportStreamId transport_stream_id from the PAT, or null before one arrived
 * @param programs programs from the PAT (ISO/IEC 13818-1 §2.4.4.3), in PAT order
 * @param streams elementary streams from the PMTs (§2.4.4.8), in program then PMT order
 * @param pids every PID seen or declared (up to the analyzer's table size), in order of appearance
 * @param continuityErrors continuity_counter errors over all PIDs (§2.4.3.3), count
 * @param hasVideo a video stream declared in a PMT carried packets in the last 2 s
 * @param hasAudio an audio stream declared in a PMT carried packets in the last 2 s
 * @param pcrPresent a PCR (§2.4.3.5) arrived in the last 2 s
 * @param lastPacketAgeMs milliseconds since the last TS packet, or −1 before the first
 * @param errors damage seen and survived
 */
public record MediaSnapshot(
        long bitrateBps,
        long smoothedBitrateBps,
        long packets,
        Integer transportStreamId,
        List<ProgramInfo> programs,
        List<StreamInfo> streams,
        List<PidInfo> pids,
        long continuityErrors,
        boolean hasVideo,
        boolean hasAudio,
        boolean pcrPresent,
        long lastPacketAgeMs,
        TsErrors errors) {

    public MediaSnapshot {
        programs = List.copyOf(programs);
        streams = List.copyOf(streams);
        pids = List.copyOf(pids);
    }

    /** The stream on {@code pid}, or null. */
    public StreamInfo stream(int pid) {
        for (StreamInfo s : streams) if (s.pid() == pid) return s;
        return null;
    }
}
