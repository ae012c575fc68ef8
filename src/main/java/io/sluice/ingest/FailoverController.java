package io.sluice.ingest;

import java.time.Duration;

/**
 * Decides which source of an ingest feeds its outputs, from readings of both taken every {@link #TICK} on
 * the control thread. Pure logic: readings and a clock in, a switch (or nothing) out; {@link IngestRuntime}
 * carries the switch out through the {@link SourceSelector}.
 *
 * <h2>Health of a source</h2>
 *
 * A source has one {@link Fault} at a time, the first that applies:
 *
 * <ol>
 *   <li>{@code no publisher} — nothing is connected;
 *   <li>{@code silent} — no payload for {@code switchAfter} (an encoder killed with -9 leaves its SRT
 *       connection up for seconds: silence is what shows it first);
 *   <li>{@code video missing} — its video stream (declared in its PMT and seen on this connection) has had no
 *       packet for {@code switchAfter}, or its PMT dropped it;
 *   <li>{@code bitrate low} — under the policy's floor for {@code switchAfter} (when there is a floor);
 *   <li>{@code damaged} — {@link #DAMAGE_ERRORS} or more continuity errors (loss SRT could not recover)
 *       within a second, for {@code switchAfter}.
 * </ol>
 *
 * Faults rank: none (healthy) above the impaired ones (video missing, bitrate low, damaged — media still
 * flows) above silent and no publisher.
 *
 * <h2>Automatic mode</h2>
 *
 * <ul>
 *   <li><b>Switch</b> to the other source when it ranks above the active one. A dead active source (silent, no
 *       publisher) is left at the other's next keyframe if one comes within {@link #FAILURE_KEYFRAME_WAIT},
 *       else at once; an impaired one stays on air until the other's next keyframe, at most a keyframe
 *       interval ({@link #planned}).
 *   <li><b>Revert</b> to the primary when the backup is active and the primary has been clean (healthy, no
 *       continuity error) for {@code revertAfter}, never when that is zero; at the primary's next keyframe.
 *   <li><b>Hysteresis.</b> Leaving a source takes a fault that lasted {@code switchAfter}; coming back to the
 *       primary takes a clean record of {@code revertAfter}, restarted by any error. A primary that fails
 *       again within {@link #STABLE} of a revert earns a strike, and each strike doubles the time it must be
 *       clean before the next revert (up to {@code 2^}{@link #MAX_STRIKES}); {@link #STABLE} on air clean
 *       clears them. After any switch, no automatic switch for {@code switchAfter}. A primary flapping on
 *       and off therefore costs at most one switch away and one back per (growing) revert time.
 * </ul>
 *
 * <h2>Held modes</h2>
 *
 * {@code primary} or {@code backup} select that source whatever its health, until the mode goes back to
 * {@code auto}; automatic mode then goes on from the source that is on air.
 *
 * <p>Threads: {@link #tick} on the control thread only; {@link #policy(FailoverPolicy)} from any thread
 * (volatile, read at the next tick); {@link #fault} and {@link #selected} from any thread.
 */
final class FailoverController {
    /** How often the sources are read. */
    static final Duration TICK = Duration.ofMillis(25);
    /** Continuity errors within one second that make a source damaged (a few per second break the picture). */
    static final int DAMAGE_ERRORS = 3;
    /**
     * Leaving a dead source: how long the new one may take to bring a keyframe. Short: the outputs are
     * already frozen; a switch between keyframes costs a decoder at most one damaged group of pictures.
     */
    static final Duration FAILURE_KEYFRAME_WAIT = Duration.ofMillis(100);
    /** Planned switches wait at most one keyframe interval of the new source, bounded by this. */
    static final Duration MAX_PLANNED_WAIT = Duration.ofSeconds(3);
    /** Planned switches when the new source's keyframe interval is not known yet. */
    static final Duration DEFAULT_PLANNED_WAIT = Duration.ofSeconds(2);
    /** A primary that fails within this of a revert earns a strike; this long clean on air clears them. */
    static final Duration STABLE = Duration.ofSeconds(60);
    /** Most strikes: the revert time grows to at most 2^4 = 16 times revertAfter. */
    static final int MAX_STRIKES = 4;

    private static final long SECOND = 1_000_000_000L;
    /** Error samples kept: one per tick over a second, and one more for the difference. */
    private static final int RING = (int) (SECOND / TICK.toNanos()) + 1;

    /** What a source is read for (its live values; implemented by {@link Source}). */
    interface Probe {
        boolean connected();

        /** Nanoseconds since the publisher's last payload. */
        long silentNanos(long nowNanos);

        /** {@link System#nanoTime()} of the last video packet of this connection; 0 if none (or no video now). */
        long lastVideoNanos();

        /** Transport-stream bitrate over the last ~1 s, bits/s. */
        long bitrateBps(long nowNanos);

        /** Continuity errors so far (monotonic). */
        long continuityErrorsTotal();

        /** The video stream's keyframe interval, ns, or 0 when not known. */
        long keyframeIntervalNanos(long nowNanos);
    }

    /** What is wrong with a source, best first; {@link #rank} orders them. */
    enum Fault {
        NONE("healthy", 2),
        VIDEO_MISSING("video missing", 1),
        BITRATE_LOW("bitrate under the floor", 1),
        DAMAGED("damaged (continuity errors)", 1),
        SILENT("silent", 0),
        NO_PUBLISHER("no publisher", 0);

        final String text;
        final int rank;

        Fault(String text, int rank) {
            this.text = text;
            this.rank = rank;
        }

        /** Media still flows (the source may stay on air until the other's keyframe). */
        boolean flowing() {
            return rank > 0;
        }
    }

    /**
     * A switch to carry out now.
     *
     * @param to {@link Source#PRIMARY} or {@link Source#BACKUP}
     * @param reason why, for the event: "primary silent for 500 ms", "primary clean for 10 s", "held by the
     *     operator"
     * @param cause a short stable code for meters and scripts: no-publisher, silent, video-missing,
     *     bitrate-low, damaged, revert, manual
     * @param keyframeWait how long to wait for the new source's keyframe (0: at once)
     */
    record Switch(int to, String reason, String cause, Duration keyframeWait) {}

    /** What is tracked of one source between ticks. */
    private static final class Track {
        final long[] errors = new long[RING];
        int head;
        int samples;
        /** A video packet was seen on the current connection. */
        boolean sawVideo;
        /** When the current low-bitrate or damaged spell began; 0 = not in one. */
        long lowSince;

        long damagedSince;
        /** When the source last became clean; 0 = not clean now. */
        long cleanSince;

        Fault fault = Fault.NO_PUBLISHER;
        /** How long the fault has lasted, for the reason text, ns. */
        long faultNanos;
        /** Continuity errors within the last second (the ring's span). */
        long recentErrors;
    }

    private final Track[] tracks = {new Track(), new Track()};
    private volatile FailoverPolicy policy;
    private volatile int selected;
    /** nowNanos of the last switch this controller asked for; Long.MIN_VALUE / 2 before any. */
    private long lastSwitch = Long.MIN_VALUE / 2;
    /** nowNanos of the last revert to the primary, for strikes. */
    private long lastRevert = Long.MIN_VALUE / 2;

    private int strikes;
    /** nowNanos since which the primary has been on air and clean; 0 = not now. */
    private long primaryStableSince;

    private FailoverPolicy.Mode lastMode;

    FailoverController(FailoverPolicy policy) {
        this.policy = policy;
        this.selected = policy.mode() == FailoverPolicy.Mode.BACKUP ? Source.BACKUP : Source.PRIMARY;
        this.lastMode = policy.mode();
    }

    /** Any thread: a new policy, applied at the next tick. */
    void policy(FailoverPolicy p) {
        this.policy = p;
    }

    FailoverPolicy policy() {
        return policy;
    }

    /** Any thread: the source this controller has selected. */
    int selected() {
        return selected;
    }

    /** Any thread (last tick's view): what is wrong with a source, or {@link Fault#NONE}. */
    Fault fault(int source) {
        return tracks[source].fault;
    }

    /** Strikes against the primary now (each doubles the time before the next revert). */
    int strikes() {
        return strikes;
    }

    /** Control thread: reads both sources; returns the switch to make now, or null. */
    Switch tick(long now, Probe primary, Probe backup) {
        FailoverPolicy p = policy;
        long switchAfter = p.switchAfter().toNanos();
        read(tracks[Source.PRIMARY], primary, now, switchAfter, p);
        read(tracks[Source.BACKUP], backup, now, switchAfter, p);
        Probe[] probes = {primary, backup};
        boolean modeChanged = p.mode() != lastMode;
        lastMode = p.mode();

        int active = selected;
        trackStability(active, now);
        switch (p.mode()) {
            case PRIMARY, BACKUP -> {
                int held = p.mode() == FailoverPolicy.Mode.PRIMARY ? Source.PRIMARY : Source.BACKUP;
                if (held == active) return null;
                Track a = tracks[active];
                Duration wait = a.fault.flowing() ? planned(probes[held], now) : Duration.ZERO;
                return switchTo(
                        held, now, "held by the operator (mode " + p.mode().json() + ")", "manual", wait);
            }
            case AUTO -> {
                if (modeChanged) lastSwitch = now; // released: give the sources a switchAfter before judging
                return auto(active, probes, now, switchAfter, p);
            }
        }
        return null;
    }

    private Switch auto(int active, Probe[] probes, long now, long switchAfter, FailoverPolicy p) {
        if (now - lastSwitch < switchAfter) return null; // dwell after a switch
        int other = 1 - active;
        Track a = tracks[active];
        Track o = tracks[other];
        if (o.fault.rank > a.fault.rank) {
            if (active == Source.PRIMARY && now - lastRevert < STABLE.toNanos()) {
                strikes = Math.min(MAX_STRIKES, strikes + 1);
            }
            Duration wait = a.fault.flowing() ? planned(probes[other], now) : FAILURE_KEYFRAME_WAIT;
            String reason = Source.roleName(active) + " " + a.fault.text
                    + (a.fault == Fault.NO_PUBLISHER ? "" : " for " + a.faultNanos / 1_000_000 + " ms");
            return switchTo(other, now, reason, cause(a.fault), wait);
        }
        if (active == Source.BACKUP && !p.revertAfter().isZero()) {
            Track primary = tracks[Source.PRIMARY];
            long needed = p.revertAfter().toNanos() << strikes;
            if (primary.cleanSince != 0 && now - primary.cleanSince >= needed) {
                lastRevert = now;
                String reason = "primary clean for " + (now - primary.cleanSince) / 1_000_000 + " ms"
                        + (strikes > 0 ? " (revert time doubled " + strikes + "×: it failed soon after reverts)" : "");
                return switchTo(Source.PRIMARY, now, reason, "revert", planned(probes[Source.PRIMARY], now));
            }
        }
        return null;
    }

    private Switch switchTo(int to, long now, String reason, String cause, Duration wait) {
        selected = to;
        lastSwitch = now;
        primaryStableSince = 0;
        return new Switch(to, reason, cause, wait);
    }

    /** Strikes clear once the primary has been on air and clean for {@link #STABLE}. */
    private void trackStability(int active, long now) {
        boolean clean = active == Source.PRIMARY && tracks[Source.PRIMARY].cleanSince != 0;
        if (!clean) {
            primaryStableSince = 0;
        } else if (primaryStableSince == 0) {
            primaryStableSince = now;
        } else if (now - primaryStableSince >= STABLE.toNanos()) {
            strikes = 0;
        }
    }

    /** A planned switch waits for the new source's keyframe: one interval (plus a margin), bounded. */
    private static Duration planned(Probe to, long now) {
        long interval = to.keyframeIntervalNanos(now);
        if (interval <= 0) return DEFAULT_PLANNED_WAIT;
        long wait = interval + interval / 10 + TICK.toNanos();
        return Duration.ofNanos(Math.min(wait, MAX_PLANNED_WAIT.toNanos()));
    }

    private static String cause(Fault f) {
        return switch (f) {
            case NONE -> "none";
            case VIDEO_MISSING -> "video-missing";
            case BITRATE_LOW -> "bitrate-low";
            case DAMAGED -> "damaged";
            case SILENT -> "silent";
            case NO_PUBLISHER -> "no-publisher";
        };
    }

    /** Updates one source's track from its probe. */
    private static void read(Track t, Probe probe, long now, long switchAfter, FailoverPolicy p) {
        long errors = probe.continuityErrorsTotal();
        t.head = (t.head + 1) % RING;
        t.errors[t.head] = errors;
        t.samples = Math.min(RING, t.samples + 1);
        int oldest = (t.head - (t.samples - 1) + RING) % RING;
        long recent = errors - t.errors[oldest];
        long sinceLastTick = t.samples > 1 ? errors - t.errors[(t.head - 1 + RING) % RING] : 0;
        t.recentErrors = recent;

        Fault f;
        long duration = 0;
        if (!probe.connected()) {
            t.sawVideo = false;
            t.lowSince = 0;
            t.damagedSince = 0;
            f = Fault.NO_PUBLISHER;
        } else {
            long silent = probe.silentNanos(now);
            long lastVideo = probe.lastVideoNanos();
            if (lastVideo != 0) t.sawVideo = true;
            long videoGap = lastVideo == 0 ? Long.MAX_VALUE : now - lastVideo;

            long bitrate = probe.bitrateBps(now);
            boolean low = p.minBitrateKbps() > 0 && bitrate < p.minBitrateKbps() * 1000L;
            t.lowSince = low ? (t.lowSince == 0 ? now : t.lowSince) : 0;
            boolean damaged = recent >= DAMAGE_ERRORS;
            t.damagedSince = damaged ? (t.damagedSince == 0 ? now : t.damagedSince) : 0;

            if (silent >= switchAfter) {
                f = Fault.SILENT;
                duration = silent;
            } else if (t.sawVideo && videoGap >= switchAfter) {
                f = Fault.VIDEO_MISSING;
                duration = lastVideo == 0 ? 0 : videoGap;
            } else if (t.lowSince != 0 && now - t.lowSince >= switchAfter) {
                f = Fault.BITRATE_LOW;
                duration = now - t.lowSince;
            } else if (t.damagedSince != 0 && now - t.damagedSince >= switchAfter) {
                f = Fault.DAMAGED;
                duration = now - t.damagedSince;
            } else {
                f = Fault.NONE;
            }
        }
        t.fault = f;
        t.faultNanos = duration;
        boolean clean = f == Fault.NONE && sinceLastTick == 0 && t.lowSince == 0;
        t.cleanSince = clean ? (t.cleanSince == 0 ? now : t.cleanSince) : 0;
    }
}
