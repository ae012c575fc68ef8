package io.sluice.ingest;

import io.sluice.problem.Problem;
import java.time.Duration;
import java.util.Locale;

/**
 * How an ingest with a backup source chooses between its sources (see {@link FailoverController}).
 *
 * @param mode AUTO switches on the active source's health; PRIMARY or BACKUP hold that source until released
 * @param switchAfter the active source silent this long (or without its video, or under the bitrate floor,
 *     or damaged, this long) makes AUTO switch to the other one, if that one is better
 * @param revertAfter AUTO goes back to the primary once it has been clean this long; zero = never
 * @param minBitrateKbps the bitrate floor, kbit/s of transport stream (every TS packet counted); 0 = none
 */
public record FailoverPolicy(Mode mode, Duration switchAfter, Duration revertAfter, int minBitrateKbps) {
    public static final FailoverPolicy DEFAULT =
            new FailoverPolicy(Mode.AUTO, Duration.ofMillis(500), Duration.ofMillis(10_000), 0);

    /** Bounds of switchAfterMs: under 100 ms a healthy SRT link's jitter would switch; over a minute is off. */
    static final int MIN_SWITCH_AFTER_MS = 100;

    static final int MAX_SWITCH_AFTER_MS = 60_000;
    static final int MAX_REVERT_AFTER_MS = 3_600_000;
    /** 1 Gbit/s: more than any SRT contribution link carries. */
    static final int MAX_BITRATE_KBPS = 1_000_000;

    public enum Mode {
        AUTO,
        PRIMARY,
        BACKUP;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode parse(String value, String field) {
            if (value == null) throw Problem.invalid(field + " is missing: give auto, primary or backup");
            for (Mode m : values()) if (m.json().equals(value.strip().toLowerCase(Locale.ROOT))) return m;
            throw Problem.invalid(field + " '" + value + "' is not auto, primary or backup");
        }
    }

    /** Validates a policy as asked for; absent fields take {@code base}'s. 400 naming the field otherwise. */
    public static FailoverPolicy of(
            String mode, Integer switchAfterMs, Integer revertAfterMs, Integer minBitrateKbps, FailoverPolicy base) {
        Mode m = mode == null ? base.mode : Mode.parse(mode, "failover.mode");
        Duration sw = base.switchAfter;
        if (switchAfterMs != null) {
            if (switchAfterMs < MIN_SWITCH_AFTER_MS || switchAfterMs > MAX_SWITCH_AFTER_MS) {
                throw Problem.invalid("failover.switchAfterMs must be " + MIN_SWITCH_AFTER_MS + " to "
                        + MAX_SWITCH_AFTER_MS + " ms, not " + switchAfterMs);
            }
            sw = Duration.ofMillis(switchAfterMs);
        }
        Duration rv = base.revertAfter;
        if (revertAfterMs != null) {
            if (revertAfterMs < 0 || revertAfterMs > MAX_REVERT_AFTER_MS) {
                throw Problem.invalid("failover.revertAfterMs must be 0 (never) to " + MAX_REVERT_AFTER_MS + " ms, not "
                        + revertAfterMs);
            }
            rv = Duration.ofMillis(revertAfterMs);
        }
        int floor = base.minBitrateKbps;
        if (minBitrateKbps != null) {
            if (minBitrateKbps < 0 || minBitrateKbps > MAX_BITRATE_KBPS) {
                throw Problem.invalid("failover.minBitrateKbps must be 0 (no floor) to " + MAX_BITRATE_KBPS
                        + " kbit/s, not " + minBitrateKbps);
            }
            floor = minBitrateKbps;
        }
        return new FailoverPolicy(m, sw, rv, floor);
    }

    public FailoverPolicy withMode(Mode newMode) {
        return new FailoverPolicy(newMode, switchAfter, revertAfter, minBitrateKbps);
    }

    @Override
    public String toString() {
        return "failover " + mode.json() + ", switch after " + switchAfter.toMillis() + " ms, revert after "
                + (revertAfter.isZero() ? "never" : revertAfter.toMillis() + " ms")
                + (minBitrateKbps > 0 ? ", floor " + minBitrateKbps + " kbit/s" : "");
    }
}
