package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.ingest.FailoverController.Fault;
import io.sluice.ingest.FailoverController.Switch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The failover decisions, on a simulated clock: readings of two sources go in every 100 ms, switches come
 * out. (End to end with real encoders: FailoverIT.)
 */
class FailoverControllerTest {
    static final long MS = 1_000_000L;
    static final long TICK = FailoverController.TICK.toNanos();

    /** A source whose readings the test sets. Times are on the test's clock. */
    static final class Fake implements FailoverController.Probe {
        boolean connected;
        long lastPacket;
        long lastVideo;
        long bitrate = 4_000_000;
        long errors;
        long keyframeInterval;

        /** Connected and sending audio and video up to {@code now}. */
        Fake flowing(long now) {
            connected = true;
            lastPacket = now;
            lastVideo = now;
            return this;
        }

        @Override
        public boolean connected() {
            return connected;
        }

        @Override
        public long silentNanos(long now) {
            return connected ? now - lastPacket : Long.MAX_VALUE;
        }

        @Override
        public long lastVideoNanos() {
            return connected ? lastVideo : 0;
        }

        @Override
        public long bitrateBps(long now) {
            return connected ? bitrate : 0;
        }

        @Override
        public long continuityErrorsTotal() {
            return errors;
        }

        @Override
        public long keyframeIntervalNanos(long now) {
            return keyframeInterval;
        }
    }

    final Fake primary = new Fake();
    final Fake backup = new Fake();
    long now = 1_000 * MS;
    final List<Switch> switches = new ArrayList<>();
    /** The clock at each switch. */
    final List<Long> switchTimes = new ArrayList<>();

    FailoverController controller(FailoverPolicy p) {
        return new FailoverController(p);
    }

    static FailoverPolicy auto(int switchAfterMs, int revertAfterMs) {
        return new FailoverPolicy(
                FailoverPolicy.Mode.AUTO, Duration.ofMillis(switchAfterMs), Duration.ofMillis(revertAfterMs), 0);
    }

    /** Runs ticks for {@code millis}; sources marked live keep sending. */
    void run(FailoverController c, long millis, boolean primaryLive, boolean backupLive) {
        for (long t = 0; t < millis; t += TICK / MS) {
            now += TICK;
            if (primaryLive) primary.flowing(now);
            if (backupLive) backup.flowing(now);
            Switch s = c.tick(now, primary, backup);
            if (s != null) {
                switches.add(s);
                switchTimes.add(now);
            }
        }
    }

    @Test
    void aSilentPrimarySwitchesToAHealthyBackupAfterSwitchAfterAtTheBackupsNextKeyframeWithinAShortBound() {
        FailoverController c = controller(auto(500, 10_000));
        run(c, 2000, true, true);
        assertThat(switches).isEmpty();
        assertThat(c.fault(Source.PRIMARY)).isEqualTo(Fault.NONE);

        long killed = now;
        run(c, 400, false, true);
        assertThat(switches).as("silent 400 ms < switchAfter").isEmpty();
        run(c, 200, false, true);
        assertThat(switches).hasSize(1);
        Switch s = switches.get(0);
        assertThat(s.to()).isEqualTo(Source.BACKUP);
        assertThat(s.cause()).isEqualTo("silent");
        assertThat(s.reason()).startsWith("primary silent for 5");
        assertThat(s.keyframeWait()).isEqualTo(FailoverController.FAILURE_KEYFRAME_WAIT);
        assertThat(c.selected()).isEqualTo(Source.BACKUP);
        assertThat(switchTimes.get(0) - killed)
                .as("decided within one tick of switchAfter")
                .isBetween(500 * MS, 500 * MS + TICK);
    }

    @Test
    void revertsOnlyAfterThePrimaryHasBeenCleanForRevertAfterAndAnErrorRestartsTheClock() {
        FailoverController c = controller(auto(500, 10_000));
        run(c, 1000, true, true);
        run(c, 1000, false, true);
        assertThat(switches).hasSize(1);

        run(c, 6000, true, true);
        primary.errors += 1; // one continuity error: the clean record starts over
        run(c, 9500, true, true);
        assertThat(switches).as("clean for 9.5 s only").hasSize(1);
        run(c, 700, true, true);
        assertThat(switches).hasSize(2);
        Switch revert = switches.get(1);
        assertThat(revert.to()).isEqualTo(Source.PRIMARY);
        assertThat(revert.cause()).isEqualTo("revert");
        assertThat(revert.keyframeWait())
                .as("planned: up to a keyframe interval")
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void revertAfterZeroNeverReverts() {
        FailoverController c = controller(auto(500, 0));
        run(c, 1000, true, true);
        run(c, 1000, false, true);
        run(c, 120_000, true, true);
        assertThat(switches).extracting(Switch::to).containsExactly(Source.BACKUP);
    }

    @Test
    void aBackupThatIsNoBetterIsNotSwitchedTo() {
        FailoverController c = controller(auto(500, 10_000));
        run(c, 1000, true, false);
        run(c, 5000, false, false);
        assertThat(switches).as("both silent: nothing better to go to").isEmpty();
        assertThat(c.fault(Source.PRIMARY)).isEqualTo(Fault.SILENT);
        assertThat(c.fault(Source.BACKUP)).isEqualTo(Fault.NO_PUBLISHER);
    }

    @Test
    void missingVideoAndTheBitrateFloorAndDamageEachSwitchAfterLastingSwitchAfter() {
        // Video stops while audio goes on.
        FailoverController c = controller(auto(500, 10_000));
        run(c, 1000, true, true);
        for (long t = 0; t < 700 * MS; t += TICK) {
            now += TICK;
            primary.lastPacket = now;
            backup.flowing(now);
            Switch s = c.tick(now, primary, backup);
            if (s != null) switches.add(s);
        }
        assertThat(switches).extracting(Switch::cause).containsExactly("video-missing");
        assertThat(switches.get(0).keyframeWait())
                .as("media still flows: wait up to a keyframe interval")
                .isEqualTo(Duration.ofSeconds(2));

        // Under the floor.
        switches.clear();
        primary.bitrate = 4_000_000;
        FailoverController floor = controller(
                new FailoverPolicy(FailoverPolicy.Mode.AUTO, Duration.ofMillis(500), Duration.ofMillis(10_000), 1000));
        run(floor, 1000, true, true);
        primary.bitrate = 300_000;
        run(floor, 400, true, true);
        assertThat(switches).isEmpty();
        run(floor, 200, true, true);
        assertThat(switches).extracting(Switch::cause).containsExactly("bitrate-low");

        // Continuity errors, five or more within a second, for switchAfter.
        switches.clear();
        FailoverController damage = controller(auto(500, 10_000));
        run(damage, 1000, true, true);
        for (int i = 0; i < 10; i++) {
            primary.errors += 2;
            run(damage, 100, true, true);
        }
        assertThat(switches).extracting(Switch::cause).containsExactly("damaged");
    }

    @Test
    void aPrimaryFlappingOnAndOffCostsBoundedSwitchesAsEachFailureSoonAfterARevertDoublesTheRevertTime() {
        FailoverController c = controller(auto(500, 2_000));
        run(c, 1000, true, true);
        // 10 minutes of: primary fine for 5 s, then silent for 1 s.
        for (int cycle = 0; cycle < 100; cycle++) {
            run(c, 5000, true, true);
            run(c, 1000, false, true);
        }
        // Without strikes this would be 2 switches per 6 s cycle: 200. With them, the revert time grows to
        // 16 x 2 s = 32 s > 5 s, so the output stays on the backup after a few cycles.
        assertThat(switches.size()).isLessThanOrEqualTo(12);
        assertThat(c.strikes()).isGreaterThan(0);
        assertThat(c.selected()).isEqualTo(Source.BACKUP);

        // A primary that then stays fine comes back (after 32 s) and, after a minute clean on air, is forgiven.
        run(c, 40_000, true, true);
        assertThat(c.selected()).isEqualTo(Source.PRIMARY);
        run(c, 61_000, true, true);
        assertThat(c.strikes()).isZero();
    }

    @Test
    void heldModesSelectTheirSourceWhateverItsHealthAndAutoReleasesThem() {
        FailoverController c = controller(auto(500, 10_000));
        run(c, 1000, true, true);
        c.policy(c.policy().withMode(FailoverPolicy.Mode.BACKUP));
        run(c, 100, true, true);
        assertThat(switches).extracting(Switch::cause).containsExactly("manual");
        assertThat(switches.get(0).keyframeWait())
                .as("the primary is on air: wait for the backup's keyframe")
                .isEqualTo(Duration.ofSeconds(2));

        run(c, 30_000, true, true);
        assertThat(switches).as("held: no revert although the primary is clean").hasSize(1);
        run(c, 2000, true, false);
        assertThat(switches).as("held even when the backup dies").hasSize(1);

        c.policy(c.policy().withMode(FailoverPolicy.Mode.AUTO));
        run(c, 1000, true, false);
        assertThat(switches).extracting(Switch::to).containsExactly(Source.BACKUP, Source.PRIMARY);
        assertThat(switches.get(1).cause()).isEqualTo("silent");
    }

    @Test
    void aPlannedSwitchWaitsOneMeasuredKeyframeIntervalBounded() {
        FailoverController c = controller(auto(500, 10_000));
        backup.keyframeInterval = 1_000 * MS;
        run(c, 1000, true, true);
        c.policy(c.policy().withMode(FailoverPolicy.Mode.BACKUP));
        run(c, 100, true, true);
        assertThat(switches.get(0).keyframeWait())
                .as("the interval, 10%% more, one tick")
                .isEqualTo(Duration.ofMillis(1_000 + 100).plus(FailoverController.TICK));

        primary.keyframeInterval = 10_000 * MS;
        c.policy(c.policy().withMode(FailoverPolicy.Mode.PRIMARY));
        run(c, 100, true, true);
        assertThat(switches.get(1).keyframeWait()).isEqualTo(FailoverController.MAX_PLANNED_WAIT);
    }
}
