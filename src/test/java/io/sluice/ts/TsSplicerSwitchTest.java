package io.sluice.ts;

import static io.sluice.ts.SpliceRun.discontinuity;
import static io.sluice.ts.SpliceRun.packets;
import static io.sluice.ts.SpliceRun.pid;
import static io.sluice.ts.SpliceRun.strictContinuityViolations;
import static io.sluice.ts.SpliceRun.unitStart;
import static io.sluice.ts.SpliceSource.AUD;
import static io.sluice.ts.SpliceSource.HEVC_AUD;
import static io.sluice.ts.SpliceSource.HEVC_CRA;
import static io.sluice.ts.SpliceSource.IDR;
import static io.sluice.ts.SpliceSource.PPS;
import static io.sluice.ts.SpliceSource.SEI;
import static io.sluice.ts.SpliceSource.SLICE;
import static io.sluice.ts.SpliceSource.SPS;
import static io.sluice.ts.TsBytes.concat;
import static io.sluice.ts.TsSplicerTest.AUDIO;
import static io.sluice.ts.TsSplicerTest.PMT;
import static io.sluice.ts.TsSplicerTest.VIDEO;
import static io.sluice.ts.TsSplicerTest.backup;
import static io.sluice.ts.TsSplicerTest.primary;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Armed (keyframe-aligned) and immediate switches, deadlines, and how requests reach the receive side. */
class TsSplicerSwitchTest {

    static Stream<Arguments> keyframes() {
        return Stream.of(
                Arguments.of("random_access_indicator alone", false, true, concat(AUD, SLICE)),
                Arguments.of("H.264 IDR without parameter sets", false, false, concat(AUD, IDR)),
                Arguments.of("H.264 SPS before the IDR", false, false, concat(AUD, SEI, SPS, PPS, IDR)),
                Arguments.of("HEVC CRA", true, false, concat(HEVC_AUD, HEVC_CRA)),
                Arguments.of(
                        "HEVC VPS, SPS, PPS, IDR",
                        true,
                        false,
                        new SpliceSource().hevc().keyNals()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyframes")
    void anArmedSwitchHappensExactlyAtTheNewInputsKeyframe(
            String name, boolean hevc, boolean randomAccess, byte[] keyNals) {
        SpliceSource a = primary();
        SpliceSource b = backup();
        if (hevc) b.hevc();
        b.randomAccessFlag = randomAccess;
        SpliceRun run = new SpliceRun();
        ByteArrayOutputStream primaryFed = new ByteArrayOutputStream();
        byte[] start = a.gop(5, true);
        primaryFed.writeBytes(start);
        run.feed(0, start);
        run.feed(1, b.gop(2, false)); // tables, then frames that are no keyframes
        run.splicer.requestSwitch(1, Long.MAX_VALUE);

        // 8 packets of other frames, then the keyframe: it starts at packet 1 of the backup's second payload
        byte[] before = concat(b.frame(false), b.audio(), b.frame(false), b.audio());
        byte[] key = b.frame(keyNals, true);
        byte[] backupTs = concat(before, key, b.audio(), b.frame(false), b.audio());
        int mark = -1;
        for (int p = 0; p < backupTs.length; p += Feed.PAYLOAD) {
            byte[] ours = concat(a.frame(false), a.audio());
            if (mark < 0) primaryFed.writeBytes(ours);
            run.feed(0, ours);
            if (mark < 0 && p > 0) mark = packets(run.output()); // the payload holding the keyframe comes next
            run.feed(1, Arrays.copyOfRange(backupTs, p, Math.min(backupTs.length, p + Feed.PAYLOAD)));
        }
        byte[] out = run.output();

        assertThat(Arrays.copyOf(out, mark * 188))
                .as("until then, the primary untouched")
                .isEqualTo(primaryFed.toByteArray());
        assertThat(pid(out, mark)).isZero();
        assertThat(pid(out, mark + 1)).isEqualTo(PMT);
        int k = mark + 2;
        assertThat(pid(out, k)).isEqualTo(VIDEO);
        assertThat(unitStart(out, k)).isTrue();
        assertThat(discontinuity(out, k)).isTrue();
        assertThat(Arrays.copyOfRange(out, k * 188 + 6, k * 188 + 188))
                .as("the keyframe's first packet (after its adaptation field flags)")
                .isEqualTo(Arrays.copyOfRange(key, 6, 188));
        assertThat(packets(out) - k)
                .as("keyframe (3), the discontinuity packet and audio (2), a frame (3), audio")
                .isEqualTo(9);
        SpliceStats stats = run.splicer.stats();
        assertThat(stats.keyframeAlignedSwitches()).isEqualTo(1);
        assertThat(stats.lastSwitch().keyframeAligned()).isTrue();
        assertThat(stats.activeInput()).isEqualTo(1);
        assertThat(run.feed(0, concat(a.frame(true), a.audio())))
                .as("the old input is discarded now")
                .isZero();
        assertThat(strictContinuityViolations(out)).isEmpty();
        assertThat(run.analyzed().continuityErrors()).isZero();
    }

    @Test
    void aSwitchInsideAPayloadRemovesThePacketsBeforeItAndCompactsTheBuffer() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        TsSplicer splicer = new TsSplicer();
        byte[] first = a.gop(3, true);
        splicer.accept(0, ByteBuffer.wrap(first), 0, first.length, 0, null);
        byte[] tables = b.psi();
        splicer.accept(1, ByteBuffer.wrap(tables), 0, tables.length, 0, null);
        splicer.requestSwitch(1, Long.MAX_VALUE);

        byte[] before = concat(b.audio(), b.frame(false));
        byte[] key = b.frame(true);
        byte[] payload = concat(before, key); // 7 packets, the keyframe from packet 4
        ByteBuffer buffer = ByteBuffer.allocateDirect(50 + payload.length + 50);
        buffer.put(50, payload);
        ByteArrayOutputStream emitted = new ByteArrayOutputStream();
        int kept = splicer.accept(1, buffer, 50, payload.length, 0, (src, offset, length) -> {
            byte[] b2 = new byte[length];
            src.get(offset, b2);
            emitted.writeBytes(b2);
        });

        assertThat(kept).isEqualTo(3 * 188);
        byte[] out = new byte[kept];
        buffer.get(50, out);
        for (int i = 0; i < 3; i++) {
            assertThat(pid(out, i)).isEqualTo(VIDEO);
            int from = i * 188 + (i == 0 ? 6 : 4); // after the header (and the first one's adaptation flags)
            assertThat(Arrays.copyOfRange(out, from, i * 188 + 188))
                    .isEqualTo(Arrays.copyOfRange(key, from, i * 188 + 188));
        }
        byte[] psi = emitted.toByteArray();
        assertThat(packets(psi)).isEqualTo(2);
        assertThat(pid(psi, 0)).isZero();
        assertThat(pid(psi, 1)).isEqualTo(PMT);
        assertThat(buffer.position()).isZero();
        assertThat(buffer.limit()).isEqualTo(buffer.capacity());
    }

    @Test
    void whenTheDeadlinePassesTheSwitchHappensOnTheNewInputsNextPacket() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(3, true));
        run.feed(1, b.gop(1, false));
        run.splicer.requestSwitch(1, run.now + 12_000_000); // 12 ms from now; each payload takes 5 ms
        long[] switchedAt = {-1};
        int[] outOfBackup = new int[4];
        for (int i = 0; i < 4; i++) {
            long at = run.now;
            outOfBackup[i] = run.feed(1, concat(b.frame(false), b.audio(), b.frame(false))); // 7 packets, no key
            if (outOfBackup[i] > 0 && switchedAt[0] < 0) switchedAt[0] = at;
            run.feed(0, concat(a.frame(false), a.audio()));
        }
        assertThat(outOfBackup[0]).isZero(); // at +0 ms
        assertThat(outOfBackup[1]).isZero(); // at +10 ms
        assertThat(outOfBackup[2]).isPositive(); // at +20 ms: past the deadline, switched on its first packet
        SpliceStats stats = run.splicer.stats();
        assertThat(stats.switches()).isEqualTo(1);
        assertThat(stats.keyframeAlignedSwitches()).isZero();
        assertThat(stats.lastSwitch()).isEqualTo(new SpliceStats.Switch(0, 1, switchedAt[0], false));
        assertThat(strictContinuityViolations(run.output())).isEmpty();
    }

    @Test
    void anArmedSwitchToAnInputWithoutVideoHappensAtOnce() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        b.videoType = 0x03; // MPEG audio where video was: the backup has no video to wait for
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(3, true));
        run.feed(1, b.psi());
        run.splicer.requestSwitch(1, Long.MAX_VALUE);
        run.feed(1, concat(b.audio(), b.audio()));
        assertThat(run.splicer.stats().switches()).isEqualTo(1);
        assertThat(run.splicer.activeInput()).isEqualTo(1);
    }

    @Test
    void askingForTheActiveInputCancelsAnArmedSwitch() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(3, true));
        run.feed(1, b.psi());
        run.splicer.requestSwitch(1, Long.MAX_VALUE);
        run.feed(0, a.gop(1, false)); // the request is picked up
        run.splicer.requestSwitch(0, 0);
        run.feed(1, b.gop(3, true)); // keyframes, past any deadline
        assertThat(run.splicer.stats().switches()).isZero();
        assertThat(run.splicer.activeInput()).isZero();
    }

    @Test
    void aNewerRequestReplacesOneNotYetCarriedOut() {
        SpliceSource a = primary();
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(3, true));
        run.feed(1, backup().psi());
        run.feed(2, backup().psi());
        run.splicer.requestSwitch(1, Long.MAX_VALUE);
        run.splicer.switchNow(2);
        run.feed(1, backup().gop(2, true));
        run.feed(2, backup().gop(2, true));
        assertThat(run.splicer.activeInput()).isEqualTo(2);
        assertThat(run.splicer.stats().lastSwitch().to()).isEqualTo(2);
        assertThat(run.splicer.stats().switches()).isEqualTo(1);
    }

    @Test
    void aRequestBeforeAnyPayloadChoosesTheFirstInputWithoutASwitch() {
        SpliceRun run = new SpliceRun();
        run.splicer.switchNow(1);
        assertThat(run.splicer.activeInput())
                .as("carried out by the receive side")
                .isEqualTo(-1);
        byte[] ts = backup().gop(3, true);
        assertThat(run.feed(0, primary().gop(3, true))).isZero();
        assertThat(run.feed(1, ts)).isEqualTo(ts.length);
        assertThat(run.output()).isEqualTo(ts);
        assertThat(run.splicer.stats().switches()).isZero();
    }

    @Test
    void aRequestFromAnotherThreadReachesTheReceiveSide() throws InterruptedException {
        SpliceSource a = primary();
        SpliceSource b = backup();
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(3, true));
        run.feed(1, b.psi());
        Thread control = Thread.ofPlatform().name("control").start(() -> run.splicer.switchNow(1));
        control.join();
        run.feed(1, b.gop(1, true));
        assertThat(run.splicer.activeInput()).isEqualTo(1);
    }

    @Test
    void switchingBackAndForthKeepsTheOutputDecodableAccordingToTheAnalyzer() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(3, true));
        run.feed(1, b.gop(1, false));
        for (int round = 0; round < 6; round++) {
            int to = round % 2 == 0 ? 1 : 0;
            run.splicer.requestSwitch(to, Long.MAX_VALUE);
            for (int i = 0; i < 6; i++) { // keyframes every 5 frames on each, offset by 2
                run.feed(0, concat(a.frame(i == 3), a.audio()));
                run.feed(1, concat(b.frame(i == 1), b.audio()));
            }
        }
        MediaSnapshot s = run.analyzed();
        assertThat(s.continuityErrors()).isZero();
        assertThat(s.programs()).containsExactly(new ProgramInfo(1, PMT, VIDEO, 0));
        assertThat(s.streams()).extracting(StreamInfo::pid).containsExactly(VIDEO, AUDIO);
        assertThat(run.splicer.stats().keyframeAlignedSwitches()).isEqualTo(6);
        assertThat(strictContinuityViolations(run.output())).isEmpty();
    }
}
