package io.sluice.ts;

import static io.sluice.ts.SpliceRun.adaptationOnly;
import static io.sluice.ts.SpliceRun.cc;
import static io.sluice.ts.SpliceRun.discontinuity;
import static io.sluice.ts.SpliceRun.first;
import static io.sluice.ts.SpliceRun.hasPayload;
import static io.sluice.ts.SpliceRun.packets;
import static io.sluice.ts.SpliceRun.pid;
import static io.sluice.ts.SpliceRun.strictContinuityViolations;
import static io.sluice.ts.SpliceRun.unitStart;
import static io.sluice.ts.TsBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TsSplicer} on hand-built inputs: identity, mapping, continuity, discontinuity, PSI, PCR. */
class TsSplicerTest {
    static final int PMT = 0x1000;
    static final int VIDEO = 0x100;
    static final int AUDIO = 0x101;

    /** transport_stream_id 1, program 1, PMT 0x1000, H.264 on 0x100 (PCR), AAC on 0x101. */
    static SpliceSource primary() {
        return new SpliceSource();
    }

    /** Another encoder: transport_stream_id 9, program 7, PMT 0x1100, video 0x300, audio 0x301, counters at 5. */
    static SpliceSource backup() {
        return new SpliceSource().service(9, 7).pids(0x1100, 0x300, 0x301).counters(5);
    }

    static List<Integer> pidsWithPackets(MediaSnapshot s) {
        return s.pids().stream().filter(p -> p.packets() > 0).map(PidInfo::pid).toList();
    }

    @Test
    void theFirstInputPassesThroughByteForByte() {
        byte[] junk = new byte[1000];
        new java.util.Random(1).nextBytes(junk);
        byte[] ts = concat(TsMedia.H264_AAC.bytes(), junk, Arrays.copyOf(TsMedia.H264_AAC.bytes(), 100_000));
        SpliceRun run = new SpliceRun();
        run.feed(0, ts);
        assertThat(run.output()).isEqualTo(ts);
        assertThat(run.emitCalls).isZero();
        assertThat(run.splicer.activeInput()).isZero();
    }

    @Test
    void theFirstInputStillPassesThroughWhileASwitchIsArmedAndOtherInputsAreFed() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        SpliceRun run = new SpliceRun();
        ByteArrayOutputStream fed = new ByteArrayOutputStream();
        byte[] start = a.gop(5, true);
        fed.writeBytes(start);
        run.feed(0, start);
        run.splicer.requestSwitch(1, Long.MAX_VALUE); // waits for a keyframe that never comes
        for (int i = 0; i < 20; i++) {
            byte[] ours = concat(a.frame(false), a.audio());
            fed.writeBytes(ours);
            assertThat(run.feed(0, ours)).isEqualTo(ours.length);
            assertThat(run.feed(1, concat(b.psi(), b.frame(false), b.audio()))).isZero();
            assertThat(run.feed(2, backup().gop(2, true))).isZero(); // a third input, never asked for
        }
        assertThat(run.output()).isEqualTo(fed.toByteArray());
        assertThat(run.splicer.stats().switches()).isZero();
    }

    /** Primary for 10 frames, the backup's tables learned meanwhile, then an immediate switch to it. */
    static SpliceRun switchedToBackup(SpliceSource a, SpliceSource b) {
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(10, true));
        run.feed(1, b.gop(3, true)); // inactive: learned, discarded
        run.splicer.switchNow(1);
        run.feed(1, b.gop(10, true));
        return run;
    }

    @Test
    void aBackupOnOtherPidsAndProgramGoesOutAsThePrimary() {
        SpliceRun run = switchedToBackup(primary(), backup());
        MediaSnapshot s = run.analyzed();
        assertThat(s.transportStreamId()).isEqualTo(1);
        assertThat(s.programs()).containsExactly(new ProgramInfo(1, PMT, VIDEO, 0));
        assertThat(s.streams())
                .extracting(StreamInfo::pid, StreamInfo::codec, StreamInfo::language, StreamInfo::packets)
                // 30 video packets from each input; 10 audio from each + 1 carrying the discontinuity_indicator
                .containsExactly(tuple(VIDEO, "h264", null, 60L), tuple(AUDIO, "aac", "eng", 21L));
        assertThat(pidsWithPackets(s)).containsExactlyInAnyOrder(0, PMT, VIDEO, AUDIO);
        assertThat(s.continuityErrors()).isZero();
        assertThat(strictContinuityViolations(run.output())).isEmpty();
        SpliceStats stats = run.splicer.stats();
        assertThat(stats.activeInput()).isEqualTo(1);
        assertThat(stats.switches()).isEqualTo(1);
        assertThat(stats.lastSwitch())
                .isEqualTo(new SpliceStats.Switch(0, 1, stats.lastSwitch().atNanos(), false));
        assertThat(stats.awaitingTablesPackets())
                .as("tables learned while inactive")
                .isZero();
        assertThat(stats.faults()).isZero();
    }

    @ParameterizedTest(name = "backup counters from {0}")
    @ValueSource(ints = {0, 5, 15})
    void countersStayContinuousOnEveryPidAcrossSwitchesBothWays(int backupStart) {
        SpliceSource a = primary();
        SpliceSource b = backup().counters(backupStart);
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(7, true));
        run.feed(1, b.gop(2, true));
        for (int round = 0; round < 4; round++) {
            int to = round % 2 == 0 ? 1 : 0;
            run.splicer.switchNow(to);
            for (int i = 0; i < 9; i++) { // both encoders go on; only the active one goes out
                run.feed(0, i == 0 ? a.gop(1, true) : concat(a.frame(false), a.audio()));
                run.feed(1, i == 0 ? b.gop(1, true) : concat(b.frame(false), b.audio()));
            }
        }
        byte[] out = run.output();
        assertThat(strictContinuityViolations(out)).isEmpty();
        MediaSnapshot s = run.analyzed();
        assertThat(s.continuityErrors()).isZero();
        assertThat(pidsWithPackets(s)).containsExactlyInAnyOrder(0, PMT, VIDEO, AUDIO);
        assertThat(run.splicer.stats().switches()).isEqualTo(4);
    }

    @Test
    void theFirstPacketOfEveryPidAfterASwitchCarriesTheDiscontinuityIndicator() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(10, true));
        run.feed(1, b.gop(3, true));
        byte[] before = run.output();
        int mark = packets(before);
        int lastAudioCc = cc(before, lastIndex(before, AUDIO));
        int lastVideoCc = cc(before, lastIndex(before, VIDEO));
        run.splicer.switchNow(1);
        run.feed(1, b.gop(3, true));
        byte[] out = run.output();

        // Video: its first packet has an adaptation field (PCR): the flag is set in place.
        int v = first(out, VIDEO, mark);
        assertThat(discontinuity(out, v)).isTrue();
        assertThat(hasPayload(out, v) && unitStart(out, v)).isTrue();
        assertThat(cc(out, v)).isEqualTo((lastVideoCc + 1) & 0xF);
        assertThat(discontinuity(out, first(out, VIDEO, v + 1))).isFalse();

        // Audio: no adaptation field, so an adaptation-only packet carrying the flag goes just before it.
        int af = first(out, AUDIO, mark);
        assertThat(adaptationOnly(out, af)).isTrue();
        assertThat(discontinuity(out, af)).isTrue();
        assertThat(cc(out, af)).as("the counter of the last packet sent").isEqualTo(lastAudioCc);
        assertThat(out[af * 188 + 4] & 0xFF).as("adaptation_field_length").isEqualTo(183);
        assertThat(Arrays.copyOfRange(out, af * 188 + 6, af * 188 + 188)).containsOnly((byte) 0xFF);
        assertThat(pid(out, af + 1)).as("just before it").isEqualTo(AUDIO);
        assertThat(discontinuity(out, af + 1)).isFalse();
        assertThat(cc(out, af + 1)).isEqualTo((lastAudioCc + 1) & 0xF);

        // PAT and PMT go on without a flag.
        assertThat(discontinuity(out, first(out, 0, mark))).isFalse();
        assertThat(discontinuity(out, first(out, PMT, mark))).isFalse();

        SpliceStats stats = run.splicer.stats();
        assertThat(stats.discontinuityFlags()).isEqualTo(1);
        assertThat(stats.discontinuityPackets()).isEqualTo(1);
    }

    @Test
    void theOutputPatAndPmtPrecedeTheNewInputsFirstPacket() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(10, true));
        run.feed(1, b.gop(3, true));
        byte[] before = run.output();
        int mark = packets(before);
        int patCc = cc(before, lastIndex(before, 0));
        int pmtCc = cc(before, lastIndex(before, PMT));
        run.splicer.switchNow(1);
        run.feed(1, concat(b.frame(false), b.audio(), b.frame(true), b.audio())); // no PSI of its own first
        byte[] out = run.output();

        assertThat(pid(out, mark)).isZero();
        assertThat(cc(out, mark)).isEqualTo((patCc + 1) & 0xF);
        assertThat(pid(out, mark + 1)).isEqualTo(PMT);
        assertThat(cc(out, mark + 1)).isEqualTo((pmtCc + 1) & 0xF);
        // the output's own tables: the primary's PAT and PMT sections
        assertThat(Arrays.copyOfRange(out, mark * 188 + 4, mark * 188 + 188))
                .isEqualTo(Arrays.copyOfRange(primary().pat(), 4, 188));
        assertThat(Arrays.copyOfRange(out, (mark + 1) * 188 + 4, (mark + 1) * 188 + 188))
                .isEqualTo(Arrays.copyOfRange(primary().pmt(), 4, 188));
        for (int i = mark + 2; i < packets(out); i++) assertThat(pid(out, i)).isIn(VIDEO, AUDIO);
        assertThat(run.splicer.stats().psiPackets()).isEqualTo(2);
    }

    @Test
    void theInputsOwnPatAndPmtAreReplacedByTheOutputs() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        SpliceRun run = switchedToBackup(a, b);
        int mark = packets(run.output());
        run.feed(1, b.gop(2, false)); // PAT, PMT, 2 frames + audio
        byte[] out = run.output();
        assertThat(pid(out, mark)).isZero();
        assertThat(pid(out, mark + 1)).isEqualTo(PMT);
        assertThat(IntStream.range(mark, packets(out)).map(i -> pid(out, i))).doesNotContain(0x1100, 0x300, 0x301);
        MediaSnapshot s = run.analyzed();
        assertThat(s.errors().crcErrors()).isZero();
        assertThat(s.programs()).containsExactly(new ProgramInfo(1, PMT, VIDEO, 0));
    }

    @Test
    void aStreamTypeChangeIssuesANewPmtVersionAndSwitchingBackAnother() {
        SpliceSource a = primary();
        SpliceSource b = backup().hevc();
        SpliceRun run = switchedToBackup(a, b);
        MediaSnapshot onBackup = run.analyzed();
        assertThat(onBackup.programs()).containsExactly(new ProgramInfo(1, PMT, VIDEO, 1));
        assertThat(onBackup.stream(VIDEO).codec()).isEqualTo("hevc");
        assertThat(onBackup.stream(VIDEO).streamType()).isEqualTo(0x24);
        assertThat(onBackup.stream(AUDIO).language()).isEqualTo("eng");

        run.splicer.switchNow(0);
        run.feed(0, a.gop(5, true));
        MediaSnapshot back = run.analyzed();
        assertThat(back.programs()).containsExactly(new ProgramInfo(1, PMT, VIDEO, 2));
        assertThat(back.stream(VIDEO).codec()).isEqualTo("h264");
        assertThat(back.errors().crcErrors()).isZero();
        assertThat(run.splicer.stats().pmtVersions()).isEqualTo(2);
        assertThat(strictContinuityViolations(run.output())).isEmpty();
    }

    @Test
    void aGapInsideOneInputStaysVisibleDownstream() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        SpliceRun run = switchedToBackup(a, b);
        b.lose(0x300, 1); // one video packet of the backup lost before it reached us
        run.feed(1, b.gop(4, false));
        List<String> violations = strictContinuityViolations(run.output());
        assertThat(violations).hasSize(1).first().asString().contains("PID 0x100");
        assertThat(run.analyzed().continuityErrors()).isEqualTo(1);
    }

    @Test
    void adaptationOnlyPacketsDoNotAdvanceTheCounter() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(5, true));
        run.feed(1, b.gop(2, true));
        int mark = packets(run.output());
        run.splicer.switchNow(1);
        // The backup's first video packet after the switch is adaptation-only (a PCR): it goes out with the
        // counter of the last packet sent and the flag in place; the PES start after it continues the count.
        run.feed(1, concat(b.pcrOnly(0x300), b.frame(true), b.pcrOnly(0x300), b.frame(false), b.pcrOnly(0x300)));
        byte[] out = run.output();
        int v = first(out, VIDEO, mark);
        assertThat(adaptationOnly(out, v)).isTrue();
        assertThat(discontinuity(out, v)).isTrue();
        assertThat(strictContinuityViolations(out)).isEmpty();
        assertThat(run.splicer.stats().discontinuityPackets()).as("audio only").isZero();
    }

    @Test
    void anAdaptationOnlyPacketGoesOutWithTheCounterOfTheLastPayloadPacketWhateverItCarried() {
        SpliceRun run = switchedToBackup(primary(), backup());
        byte[] before = run.output();
        int last = cc(before, lastIndex(before, VIDEO));
        // the counter of an adaptation-only packet is not checked (§2.4.3.3): this encoder puts anything there
        run.accept(
                1, TsBytes.packet(0x300).adaptationOnly().pcr(5000).cc(last + 7).build());
        byte[] out = run.output();
        int i = packets(out) - 1;
        assertThat(adaptationOnly(out, i)).isTrue();
        assertThat(cc(out, i)).isEqualTo(last);
        assertThat(strictContinuityViolations(out)).isEmpty();
    }

    @Test
    void packetsOfAPesAlreadyInProgressAtTheSwitchAreDropped() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(5, true));
        run.feed(1, b.gop(2, true));
        byte[] frame = b.frame(false);
        run.feed(1, Arrays.copyOf(frame, 188)); // the frame starts while the primary is active
        int mark = packets(run.output());
        run.splicer.switchNow(1);
        run.feed(1, concat(Arrays.copyOfRange(frame, 188, frame.length), b.audio(), b.frame(false)));
        byte[] out = run.output();
        int v = first(out, VIDEO, mark);
        assertThat(unitStart(out, v))
                .as("the backup's video starts at a PES start")
                .isTrue();
        assertThat(run.splicer.stats().midUnitPackets()).isEqualTo(2);
        assertThat(strictContinuityViolations(out)).isEmpty();
    }

    @Test
    void streamsWithoutCounterpartAreDroppedAndCountedAndOutputStreamsWithoutOneFallSilent() {
        SpliceSource a = primary();
        a.extraStreams.add(new int[] {0x86, 0x102}); // SCTE-35 on the primary only
        SpliceSource b = backup();
        b.extraStreams.add(new int[] {0x0F, 0x302}); // a second AAC on the backup only
        SpliceRun run = new SpliceRun();
        run.feed(0, concat(a.gop(5, true), a.extra(0x102)));
        run.feed(1, b.gop(1, true));
        run.splicer.switchNow(1);
        for (int i = 0; i < 4; i++) run.feed(1, concat(b.gop(2, i == 0), b.extra(0x302)));
        MediaSnapshot s = run.analyzed();
        assertThat(s.streams())
                .extracting(StreamInfo::pid, StreamInfo::codec)
                .containsExactly(tuple(VIDEO, "h264"), tuple(AUDIO, "aac"), tuple(0x102, "scte35"));
        assertThat(s.stream(0x102).packets()).as("silent after the switch").isEqualTo(1);
        assertThat(pidsWithPackets(s)).doesNotContain(0x302);
        assertThat(run.splicer.stats().unmappedPackets()).isEqualTo(4);
        assertThat(s.continuityErrors()).isZero();
    }

    @Test
    void otherSiTablesOfTheBackupAreDroppedButThePrimarysComeBackWithIt() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        byte[] sdt = TsBytes.psiPackets(
                0x11, TsBytes.section(0x42).u16(0xFF01).u8(0xFF).build(), 0);
        SpliceRun run = new SpliceRun();
        run.feed(0, concat(a.gop(3, true), sdt));
        run.feed(1, b.gop(1, true));
        run.splicer.switchNow(1);
        int onBackup = packets(run.output());
        run.feed(1, concat(b.gop(2, true), sdt)); // the backup's SDT describes its own service
        int back = packets(run.output());
        assertThat(first(run.output(), 0x11, onBackup)).isEqualTo(-1);
        assertThat(run.splicer.stats().foreignPackets()).isEqualTo(1);

        run.splicer.switchNow(0);
        byte[] sdt2 = TsBytes.psiPackets(
                0x11, TsBytes.section(0x42).u16(0xFF01).u8(0xFF).build(), 1);
        run.feed(0, concat(a.gop(2, true), sdt2));
        assertThat(first(run.output(), 0x11, back)).isPositive();
        assertThat(strictContinuityViolations(run.output())).isEmpty();
    }

    @Test
    void aSwitchToAnInputNeverSeenWaitsForItsTablesAndStillSendsPsiFirst() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(5, true));
        run.splicer.switchNow(3);
        int mark = packets(run.output());
        run.feed(3, concat(b.frame(true), b.audio())); // before its PAT/PMT: nothing can be mapped
        assertThat(packets(run.output())).isEqualTo(mark);
        run.feed(3, b.gop(3, true));
        byte[] out = run.output();
        assertThat(pid(out, mark)).isZero();
        assertThat(pid(out, mark + 1)).isEqualTo(PMT);
        assertThat(pid(out, mark + 2))
                .as("the input's PMT, once replaced, is not sent twice")
                .isEqualTo(VIDEO);
        // 4 media packets, then the PAT: the tables are known only with the PMT that follows it
        assertThat(run.splicer.stats().awaitingTablesPackets()).isEqualTo(5);
        assertThat(strictContinuityViolations(out)).isEmpty();
        assertThat(run.analyzed().programs()).containsExactly(new ProgramInfo(1, PMT, VIDEO, 0));
    }

    @Test
    void withoutTablesOnTheFirstInputTheFirstInputWithTablesGivesTheIdentity() {
        SpliceSource b = backup();
        SpliceRun run = new SpliceRun();
        run.feed(0, TsBytes.packet(0x100).cc(0).payloadOf(0x11).build()); // no PAT ever
        run.splicer.switchNow(1);
        run.feed(1, b.gop(3, true));
        MediaSnapshot s = run.analyzed();
        assertThat(s.transportStreamId()).isEqualTo(9);
        assertThat(s.programs()).containsExactly(new ProgramInfo(7, 0x1100, 0x300, 0));
    }

    @Test
    void aPcrOnlyPidOfTheBackupMovesOntoThePrimarysPcrPid() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        b.pcrPid = 0x3FF; // PCR on a PID of its own, video without PCR
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(5, true));
        run.feed(1, b.gop(1, true));
        int mark = packets(run.output());
        run.splicer.switchNow(1);
        for (int i = 0; i < 5; i++) run.feed(1, concat(b.gop(1, i == 0), b.pcrOnly(0x3FF)));
        byte[] out = run.output();
        long pcrPackets = IntStream.range(mark, packets(out))
                .filter(i -> pid(out, i) == VIDEO && adaptationOnly(out, i) && (out[i * 188 + 5] & 0x10) != 0)
                .count();
        assertThat(pcrPackets).isEqualTo(5);
        assertThat(first(out, 0x3FF, 0)).isEqualTo(-1);
        assertThat(strictContinuityViolations(out)).isEmpty();
    }

    @Test
    void aPcrOnAStreamThatMapsElsewhereIsCopiedOntoThePcrPid() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        b.pcrPid = 0x301; // PCR on the backup's audio
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(5, true));
        run.feed(1, b.gop(1, true));
        int mark = packets(run.output());
        run.splicer.switchNow(1);
        run.feed(1, b.gop(4, true));
        byte[] out = run.output();
        int copies = 0;
        for (int i = mark; i < packets(out) - 1; i++) {
            if (pid(out, i) != AUDIO || !hasPayload(out, i)) continue;
            assertThat(pid(out, i + 1))
                    .as("a PCR copy right after the audio packet")
                    .isEqualTo(VIDEO);
            assertThat(adaptationOnly(out, i + 1)).isTrue();
            assertThat(Arrays.copyOfRange(out, (i + 1) * 188 + 6, (i + 1) * 188 + 12))
                    .isEqualTo(Arrays.copyOfRange(out, i * 188 + 6, i * 188 + 12)); // program_clock_reference
            copies++;
        }
        assertThat(copies).isEqualTo(4);
        assertThat(run.splicer.stats().pcrPackets()).isEqualTo(4);
        assertThat(strictContinuityViolations(out)).isEmpty();
        assertThat(run.analyzed().continuityErrors()).isZero();
    }

    @Test
    void aCallOverlappingAnotherForwardsNothingAndIsCounted() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        TsSplicer splicer = new TsSplicer();
        byte[] start = a.gop(3, true);
        splicer.accept(0, ByteBuffer.wrap(start), 0, start.length, 0, null);
        splicer.switchNow(1);
        int[] inner = {-1};
        byte[] other = b.gop(1, true);
        TsSplicer.Emit reentrant = (src, offset, length) ->
                inner[0] = splicer.accept(0, ByteBuffer.wrap(other), 0, other.length, 0, (s, o, l) -> {});
        byte[] bytes = b.gop(2, true);
        int kept = splicer.accept(1, ByteBuffer.wrap(bytes), 0, bytes.length, 0, reentrant);
        assertThat(kept).isPositive();
        assertThat(inner[0]).isZero();
        assertThat(splicer.stats().rejectedCalls()).isEqualTo(1);
        assertThat(splicer.stats().faults()).isZero();
    }

    @Test
    void withoutAnEmitNothingIsInsertedButTheRestStillFlows() {
        SpliceSource a = primary();
        SpliceSource b = backup();
        TsSplicer splicer = new TsSplicer();
        byte[] first = a.gop(3, true);
        byte[] learned = b.gop(1, true);
        splicer.accept(0, ByteBuffer.wrap(first), 0, first.length, 0, null);
        splicer.accept(1, ByteBuffer.wrap(learned), 0, learned.length, 0, null);
        splicer.switchNow(1);
        byte[] bytes = b.gop(2, true);
        int kept = splicer.accept(1, ByteBuffer.wrap(bytes), 0, bytes.length, 0, null);
        assertThat(kept).isPositive();
        assertThat(splicer.stats().lostInsertions()).isPositive();
        assertThat(splicer.stats().faults()).isZero();
    }

    @Test
    void inputIdsOutOfRangeAreRefused() {
        TsSplicer splicer = new TsSplicer();
        byte[] b = primary().gop(1, true);
        assertThat(splicer.accept(-1, ByteBuffer.wrap(b), 0, b.length, 0, null)).isZero();
        assertThat(splicer.accept(TsSplicer.MAX_INPUTS, ByteBuffer.wrap(b), 0, b.length, 0, null))
                .isZero();
        assertThat(splicer.stats().rejectedCalls()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> splicer.switchNow(TsSplicer.MAX_INPUTS));
    }

    static int lastIndex(byte[] ts, int pid) {
        int last = -1;
        for (int i = 0; i < packets(ts); i++) if (pid(ts, i) == pid) last = i;
        return last;
    }
}
