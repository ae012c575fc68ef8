package io.sluice.srt;

import com.sun.jna.Pointer;

/**
 * A snapshot of {@code srt_bistats} ({@code struct CBytePerfMon}, srt.h of libsrt 1.5.1), totals since
 * the connection started and instantaneous values.
 *
 * <p>Offsets below are those of x86-64 and aarch64 Linux (LP64, natural alignment); the test
 * {@code SrtStatsLayoutTest} compiles {@code offsetof} against the installed header and compares.
 *
 * @param msTimeStamp time since the connection started, ms
 * @param pktSentTotal data packets sent, retransmissions included
 * @param pktRecvTotal data packets received
 * @param pktSndLossTotal packets reported lost by the receiver (sender side)
 * @param pktRcvLossTotal packets detected missing (receiver side)
 * @param pktRetransTotal packets retransmitted (sender side)
 * @param pktRcvRetrans retransmitted packets received (since start: stats are never cleared)
 * @param pktSndDropTotal packets dropped by the sender as too late to send
 * @param pktRcvDropTotal packets dropped by the receiver as too late to play (unrecovered loss)
 * @param pktRcvUndecryptTotal packets that could not be decrypted
 * @param byteSentTotal bytes sent, retransmissions included, each packet with its 44 header bytes
 *     (IPv4 20 + UDP 8 + SRT 16)
 * @param byteRecvTotal bytes received, each packet with its 44 header bytes
 * @param mbpsSendRate sending rate, Mbit/s
 * @param mbpsRecvRate receiving rate, Mbit/s
 * @param msRTT smoothed round-trip time, ms
 * @param mbpsBandwidth estimated link bandwidth, Mbit/s
 * @param pktFlightSize packets in flight (sent, not acknowledged)
 * @param msSndBuf span of unacknowledged data in the sender buffer, ms
 * @param msRcvBuf span of undelivered data in the receiver buffer, ms
 * @param msRcvTsbPdDelay negotiated receiver latency, ms
 * @param msSndTsbPdDelay negotiated sender-side latency, ms
 * @param byteAvailSndBuf free space in the sender buffer, bytes
 */
public record SrtStats(
        long msTimeStamp,
        long pktSentTotal,
        long pktRecvTotal,
        int pktSndLossTotal,
        int pktRcvLossTotal,
        int pktRetransTotal,
        int pktRcvRetrans,
        int pktSndDropTotal,
        int pktRcvDropTotal,
        int pktRcvUndecryptTotal,
        long byteSentTotal,
        long byteRecvTotal,
        double mbpsSendRate,
        double mbpsRecvRate,
        double msRTT,
        double mbpsBandwidth,
        int pktFlightSize,
        int msSndBuf,
        int msRcvBuf,
        int msRcvTsbPdDelay,
        int msSndTsbPdDelay,
        int byteAvailSndBuf) {

    /** {@code sizeof(SRT_TRACEBSTATS)} in libsrt 1.5.1. */
    public static final int STRUCT_SIZE = 496;

    /** Field offsets in {@code struct CBytePerfMon}, bytes. */
    static final int MS_TIMESTAMP = 0,
            PKT_SENT_TOTAL = 8,
            PKT_RECV_TOTAL = 16,
            PKT_SND_LOSS_TOTAL = 24,
            PKT_RCV_LOSS_TOTAL = 28,
            PKT_RETRANS_TOTAL = 32,
            PKT_SND_DROP_TOTAL = 64,
            PKT_RCV_DROP_TOTAL = 68,
            PKT_RCV_UNDECRYPT_TOTAL = 72,
            BYTE_SENT_TOTAL = 80,
            BYTE_RECV_TOTAL = 88,
            PKT_RCV_RETRANS = 164,
            MBPS_SEND_RATE = 184,
            MBPS_RECV_RATE = 192,
            PKT_FLIGHT_SIZE = 320,
            MS_RTT = 328,
            MBPS_BANDWIDTH = 336,
            BYTE_AVAIL_SND_BUF = 344,
            MS_SND_BUF = 372,
            MS_SND_TSBPD_DELAY = 376,
            MS_RCV_BUF = 388,
            MS_RCV_TSBPD_DELAY = 392;

    static SrtStats read(Pointer p) {
        return new SrtStats(
                p.getLong(MS_TIMESTAMP),
                p.getLong(PKT_SENT_TOTAL),
                p.getLong(PKT_RECV_TOTAL),
                p.getInt(PKT_SND_LOSS_TOTAL),
                p.getInt(PKT_RCV_LOSS_TOTAL),
                p.getInt(PKT_RETRANS_TOTAL),
                p.getInt(PKT_RCV_RETRANS),
                p.getInt(PKT_SND_DROP_TOTAL),
                p.getInt(PKT_RCV_DROP_TOTAL),
                p.getInt(PKT_RCV_UNDECRYPT_TOTAL),
                p.getLong(BYTE_SENT_TOTAL),
                p.getLong(BYTE_RECV_TOTAL),
                p.getDouble(MBPS_SEND_RATE),
                p.getDouble(MBPS_RECV_RATE),
                p.getDouble(MS_RTT),
                p.getDouble(MBPS_BANDWIDTH),
                p.getInt(PKT_FLIGHT_SIZE),
                p.getInt(MS_SND_BUF),
                p.getInt(MS_RCV_BUF),
                p.getInt(MS_RCV_TSBPD_DELAY),
                p.getInt(MS_SND_TSBPD_DELAY),
                p.getInt(BYTE_AVAIL_SND_BUF));
    }
}
