package io.sluice.stats;

import io.sluice.srt.SrtStats;

/**
 * One SRT leg (a source's publisher connection, a caller output, a reader): the latest {@code srt_bistats}
 * snapshot, rolling windows of RTT and rate (10 s and 60 s at one sample per poll), and totals that never
 * go down across reconnections (for Prometheus counters).
 *
 * <p>Threads: {@link #update} and {@link #disconnected} run on the stats thread; readers use the volatile
 * {@link #latest()} and the totals.
 */
public final class LinkStats {
    private static final int WINDOW_60S = 60;
    private static final int WINDOW_10S = 10;

    private final Window rtt = new Window(WINDOW_60S);
    private final Window rate = new Window(WINDOW_60S);
    private int socket = -1;
    private SrtStats last;
    /** Totals of connections that have ended. */
    private long basePacketsReceived, basePacketsSent, basePacketsLost, basePacketsRetransmitted;

    private long basePacketsDropped, baseBytesReceived, baseBytesSent;

    private volatile LinkSnapshot latest;

    /**
     * Records a poll of {@code socketId}'s statistics; a new socket starts new windows.
     *
     * @param receiving true for a leg that receives (sources), false for one that sends (outputs)
     */
    void update(int socketId, SrtStats s, boolean receiving) {
        if (socketId != socket) {
            foldLast();
            socket = socketId;
            rtt.clear();
            rate.clear();
        }
        last = s;
        double mbps = receiving ? s.mbpsRecvRate() : s.mbpsSendRate();
        rtt.add(s.msRTT());
        rate.add(mbps);
        latest = new LinkSnapshot(
                Window.round(s.msRTT()),
                Window.round(s.mbpsRecvRate()),
                Window.round(s.mbpsSendRate()),
                Window.round(s.mbpsBandwidth()),
                s.pktRecvTotal(),
                s.pktSentTotal(),
                receiving ? s.pktRcvLossTotal() : s.pktSndLossTotal(),
                receiving ? s.pktRcvRetrans() : s.pktRetransTotal(),
                receiving ? s.pktRcvDropTotal() : s.pktSndDropTotal(),
                s.byteRecvTotal(),
                s.byteSentTotal(),
                receiving ? s.msRcvBuf() : s.msSndBuf(),
                receiving ? s.msRcvTsbPdDelay() : s.msSndTsbPdDelay(),
                s.pktRcvUndecryptTotal(),
                rtt.summary(WINDOW_10S),
                rtt.summary(WINDOW_60S),
                rate.summary(WINDOW_10S),
                rate.summary(WINDOW_60S));
    }

    /** The leg has no connection now (the totals keep what it carried). */
    void disconnected() {
        foldLast();
        socket = -1;
        latest = null;
    }

    private void foldLast() {
        LinkSnapshot l = latest;
        if (l == null) return;
        basePacketsReceived += l.packetsReceived();
        basePacketsSent += l.packetsSent();
        basePacketsLost += l.packetsLost();
        basePacketsRetransmitted += l.packetsRetransmitted();
        basePacketsDropped += l.packetsDropped();
        baseBytesReceived += l.bytesReceived();
        baseBytesSent += l.bytesSent();
        latest = null;
    }

    /** The current connection's statistics, or null when not connected. */
    public LinkSnapshot latest() {
        return latest;
    }

    // ---- totals over every connection of this leg (monotonic) ----

    public long totalPacketsReceived() {
        LinkSnapshot l = latest;
        return basePacketsReceived + (l == null ? 0 : l.packetsReceived());
    }

    public long totalPacketsSent() {
        LinkSnapshot l = latest;
        return basePacketsSent + (l == null ? 0 : l.packetsSent());
    }

    public long totalPacketsLost() {
        LinkSnapshot l = latest;
        return basePacketsLost + (l == null ? 0 : l.packetsLost());
    }

    public long totalPacketsRetransmitted() {
        LinkSnapshot l = latest;
        return basePacketsRetransmitted + (l == null ? 0 : l.packetsRetransmitted());
    }

    public long totalPacketsDropped() {
        LinkSnapshot l = latest;
        return basePacketsDropped + (l == null ? 0 : l.packetsDropped());
    }

    public long totalBytesReceived() {
        LinkSnapshot l = latest;
        return baseBytesReceived + (l == null ? 0 : l.bytesReceived());
    }

    public long totalBytesSent() {
        LinkSnapshot l = latest;
        return baseBytesSent + (l == null ? 0 : l.bytesSent());
    }

    /**
     * One poll of an SRT connection (field names of the REST stats contract).
     *
     * @param packetsLost receiving legs: packets found missing (recovered or not); sending legs: reported lost
     * @param packetsRetransmitted receiving legs: retransmitted packets received; sending legs: retransmitted
     * @param packetsDropped packets given up as too late (unrecovered loss at the receiver, late at the sender)
     * @param bufferMs span of the receive (or unacknowledged send) buffer, ms
     * @param latencyMs negotiated SRT latency (TSBPD delay), ms
     */
    public record LinkSnapshot(
            double rttMs,
            double receiveRateMbps,
            double sendRateMbps,
            double bandwidthMbps,
            long packetsReceived,
            long packetsSent,
            long packetsLost,
            long packetsRetransmitted,
            long packetsDropped,
            long bytesReceived,
            long bytesSent,
            int bufferMs,
            int latencyMs,
            long packetsUndecrypted,
            Window.Summary rtt10s,
            Window.Summary rtt60s,
            Window.Summary rate10s,
            Window.Summary rate60s) {}
}
