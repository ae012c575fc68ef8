package io.sluice.stats;

import java.time.Instant;

/**
 * One second of an ingest, for charts ({@code GET /ingests/{name}/stats/history}). Counts are per interval,
 * not totals.
 *
 * @param bitrateKbps media bitrate of the active source, kbit/s
 * @param rttMs SRT round-trip time of the active source's publisher, or null
 * @param receiveRateMbps SRT receive rate, Mbit/s, or null
 * @param health ok, degraded or down
 */
public record Sample(
        Instant time,
        long bitrateKbps,
        Double rttMs,
        Double receiveRateMbps,
        long packetsLost,
        long packetsRetransmitted,
        long packetsDropped,
        long continuityErrors,
        long outputPacketsDropped,
        String health) {}
