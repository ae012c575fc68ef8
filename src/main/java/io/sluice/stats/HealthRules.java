package io.sluice.stats;

import io.sluice.ts.MediaSnapshot;
import io.sluice.ts.StreamInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Health of an ingest from what its active source delivers:
 *
 * <ul>
 *   <li><b>down</b>: no publisher, or no packet for longer than the media timeout;
 *   <li><b>degraded</b>: packets lost for good, or lost and recovered above the loss threshold, in the
 *       last 10 s; continuity errors in the last 10 s; a declared video or audio stream that carries nothing;
 *       a bitrate under the floor;
 *   <li><b>ok</b> otherwise.
 * </ul>
 *
 * An ingest with a backup is also degraded while the source not on air has no publisher ({@link
 * #withStandby}).
 *
 * @param minBitrateBps the floor, bits/s (0 = none)
 * @param lossPercent recovered loss above this share of packets, over 10 s, degrades
 * @param mediaTimeoutMs silence after which a connected source counts as down, ms
 */
public record HealthRules(long minBitrateBps, double lossPercent, long mediaTimeoutMs) {

    /**
     * @param connected whether the active source has a publisher
     * @param lost10s packets lost (recovered or not) in the last 10 s
     * @param received10s packets received in the last 10 s
     * @param dropped10s packets given up in the last 10 s
     * @param ccErrors10s continuity errors in the last 10 s
     */
    public Health evaluate(
            boolean connected, MediaSnapshot media, long lost10s, long received10s, long dropped10s, long ccErrors10s) {
        if (!connected) return new Health(Health.State.DOWN, List.of("no publisher is connected"));
        if (media.lastPacketAgeMs() < 0) return new Health(Health.State.DOWN, List.of("no packet received yet"));
        if (media.lastPacketAgeMs() > mediaTimeoutMs) {
            return new Health(Health.State.DOWN, List.of("no packet for " + seconds(media.lastPacketAgeMs()) + " s"));
        }
        List<String> reasons = new ArrayList<>();
        if (dropped10s > 0) {
            reasons.add(dropped10s + " packets lost for good (too late to recover) in the last 10 s");
        }
        if (received10s > 0 && lost10s > 0) {
            double percent = 100.0 * lost10s / (received10s + lost10s);
            if (percent >= lossPercent) {
                reasons.add(String.format(
                        java.util.Locale.ROOT,
                        "%.1f%% of packets lost in the last 10 s (recovered by retransmission: %s)",
                        percent,
                        dropped10s == 0 ? "all" : "not all"));
            }
        }
        if (ccErrors10s > 0) reasons.add(ccErrors10s + " continuity errors in the last 10 s");
        for (StreamInfo s : media.streams()) {
            if ((s.kind().equals("video") || s.kind().equals("audio")) && s.bitrateBps() == 0) {
                reasons.add(s.kind() + " stream PID " + s.pid() + " (" + s.codec() + ") carries nothing");
            }
        }
        if (minBitrateBps > 0 && media.bitrateBps() < minBitrateBps) {
            reasons.add("bitrate " + media.bitrateBps() / 1000 + " kbit/s is under the floor of " + minBitrateBps / 1000
                    + " kbit/s");
        }
        return reasons.isEmpty() ? new Health(Health.State.OK, List.of()) : new Health(Health.State.DEGRADED, reasons);
    }

    /**
     * An ingest with a backup whose other source (the one not on air) has no publisher has no protection:
     * an ok ingest is then degraded, saying so; a degraded or down one gets the reason added.
     */
    public static Health withStandby(Health h, String standbyRole, boolean standbyConnected) {
        if (standbyConnected) return h;
        List<String> reasons = new ArrayList<>(h.reasons());
        reasons.add("the " + standbyRole + " source has no publisher: no failover protection");
        return new Health(h.state() == Health.State.OK ? Health.State.DEGRADED : h.state(), reasons);
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
