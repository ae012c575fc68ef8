package io.sluice.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Damage the analyzer must survive, count, and recover from. */
class TsAnalyzerRobustnessTest {

    @ParameterizedTest(name = "{0} random bytes")
    @ValueSource(ints = {1, 187, 188, 1316, 1456, 10_000, 200_000})
    void randomBytesNeverThrow(int size) {
        Random random = new Random(size);
        byte[] junk = new byte[size];
        random.nextBytes(junk);
        TsAnalyzer a = new TsAnalyzer();
        for (int p = 0; p < size; ) {
            int n = 1 + random.nextInt(2000);
            a.accept(ByteBuffer.wrap(junk), p, n, random.nextLong());
            p += n;
        }
        MediaSnapshot s = a.snapshot(random.nextLong());
        assertThat(s.errors().analyzerFaults()).isZero();
    }

    @Test
    void randomBytesWithSyncBytesAtTheStrideNeverThrow() {
        // Garbage that passes sync: every field of every header random.
        Random random = new Random(42);
        TsAnalyzer a = new TsAnalyzer();
        byte[] payload = new byte[1316];
        for (int i = 0; i < 20_000; i++) {
            random.nextBytes(payload);
            for (int p = 0; p < payload.length; p += 188) {
                payload[p] = 0x47;
                if (random.nextInt(4) == 0) payload[p + 1] &= 0x40; // PID 0 now and then: PAT sections
            }
            a.accept(ByteBuffer.wrap(payload), 0, payload.length, i * 1_000_000L);
        }
        MediaSnapshot s = a.snapshot(20_000 * 1_000_000L);
        assertThat(s.errors().analyzerFaults()).isZero();
        assertThat(s.packets()).isEqualTo(20_000 * 7L);
    }

    @Test
    void aTruncatedPayloadIsCountedAndTheNextOneIsReadAligned() {
        byte[] ts = Arrays.copyOf(TsMedia.H264_AAC.bytes(), 1316 * 200);
        TsAnalyzer a = new TsAnalyzer();
        ByteBuffer b = ByteBuffer.wrap(ts);
        for (int i = 0; i < 200; i++) a.accept(b, i * 1316, i == 100 ? 1000 : 1316, 0); // payload 100 cut to 1000 bytes
        MediaSnapshot s = a.snapshot(0);
        assertThat(s.errors().truncatedPackets()).isEqualTo(1);
        assertThat(s.errors().syncLosses()).isZero();
        assertThat(s.errors().bytesSkipped()).isZero();
        assertThat(s.packets()).isEqualTo(199 * 7 + 5);
    }

    @Test
    void aMisalignedStartSkipsToTheFirstPacket() {
        byte[] ts = TsMedia.H264_AAC.bytes();
        TsAnalyzer a = new TsAnalyzer();
        long end = Feed.paced(a, Arrays.copyOfRange(ts, 100, ts.length), 5e6, 0);
        MediaSnapshot s = a.snapshot(end);
        assertThat(s.errors().bytesSkipped()).isEqualTo(88);
        assertThat(s.errors().syncLosses()).isZero();
        assertThat(s.stream(0x100).width()).isEqualTo(1280);
        assertThat(s.continuityErrors()).isZero();
    }

    @Test
    void garbageBetweenPacketsLosesSyncOnceAndResyncs() {
        byte[] ts = Arrays.copyOf(TsMedia.H264_AAC.bytes(), 188 * 1000);
        byte[] junk = new byte[50]; // no 0x47 in it
        byte[] damaged =
                TsBytes.concat(Arrays.copyOf(ts, 188 * 500), junk, Arrays.copyOfRange(ts, 188 * 500, ts.length));
        TsAnalyzer a = new TsAnalyzer();
        Feed.paced(a, damaged, 5e6, 0);
        MediaSnapshot s = a.snapshot(0);
        assertThat(s.errors().syncLosses()).isEqualTo(1);
        assertThat(s.errors().bytesSkipped()).isEqualTo(50);
        assertThat(s.packets()).isEqualTo(1000);
        assertThat(s.continuityErrors()).isZero();
    }

    @ParameterizedTest(name = "splits of 1..{0} bytes")
    @ValueSource(ints = {3000, 300, 20})
    void howPayloadsAreSplitDoesNotMatter(int largest) {
        byte[] ts = Arrays.copyOf(TsMedia.H264_AAC.bytes(), 188 * 6000);
        MediaSnapshot whole = Feed.all(ts).snapshot(0);
        Random random = new Random(largest);
        TsAnalyzer a = new TsAnalyzer();
        ByteBuffer b = ByteBuffer.wrap(ts);
        for (int p = 0; p < ts.length; ) {
            int n = Math.min(ts.length - p, 1 + random.nextInt(largest));
            a.accept(b, p, n, 0);
            p += n;
        }
        MediaSnapshot split = a.snapshot(0);
        assertThat(split.streams()).isEqualTo(whole.streams());
        assertThat(split.pids()).isEqualTo(whole.pids());
        assertThat(split.errors()).isEqualTo(whole.errors());
        assertThat(split.packets()).isEqualTo(6000);
    }

    @Test
    void aPidFloodIsBoundedCountedAndDoesNotCrowdOutTheProgram() {
        TsAnalyzer a = new TsAnalyzer();
        int flood = 8000;
        ByteBuffer b = ByteBuffer.allocate(188);
        for (int i = 0; i < flood; i++) {
            int pid = 0x20 + i; // 0x20..0x1F5F: clear of PAT, null and the program below
            b.clear().put(TsBytes.packet(pid).payloadOf(1).build()).flip();
            a.accept(b, 0, 188, 0);
        }
        byte[] program = TsMedia.H264_AAC.bytes();
        a.accept(ByteBuffer.wrap(program), 0, 188 * 2000, 0);
        MediaSnapshot s = a.snapshot(0);
        // Untracked: the flood beyond the limit for unreferenced PIDs, and the program's SDT (PID 0x11), which
        // no PAT names either; the PMT and streams, named by the PAT and PMT, are tracked.
        assertThat(s.errors().untrackedPids()).isEqualTo(flood - TsAnalyzer.MAX_UNREFERENCED + 1);
        assertThat(s.errors().untrackedPackets()).isGreaterThan(flood - TsAnalyzer.MAX_UNREFERENCED);
        assertThat(s.pids()).hasSizeLessThanOrEqualTo(TsAnalyzer.MAX_PIDS);
        assertThat(s.stream(0x100).width()).isEqualTo(1280);
        assertThat(s.stream(0x101).sampleRate()).isEqualTo(48000);
    }

    @Test
    void theCallersBufferIsOnlyRead() {
        byte[] ts = Arrays.copyOf(TsMedia.H264_AAC.bytes(), 1316 * 10);
        ByteBuffer direct = ByteBuffer.allocateDirect(ts.length).put(ts);
        direct.position(17).limit(ts.length - 3);
        ByteBuffer readOnly = ByteBuffer.wrap(ts).asReadOnlyBuffer().position(5);
        TsAnalyzer a = new TsAnalyzer();
        a.accept(direct, 0, 1316, 0);
        a.accept(readOnly, 1316, 1316, 0);
        assertThat(direct.position()).isEqualTo(17);
        assertThat(direct.limit()).isEqualTo(ts.length - 3);
        assertThat(readOnly.position()).isEqualTo(5);
        assertThat(a.snapshot(0).packets()).isEqualTo(14);
    }

    @Test
    void impossibleArgumentsAreIgnored() {
        TsAnalyzer a = new TsAnalyzer();
        ByteBuffer b =
                ByteBuffer.wrap(TsBytes.packet(0x100).payloadOf(1).build()).limit(100);
        a.accept(null, 0, 188, 0);
        a.accept(b, -1, 188, 0);
        a.accept(b, 0, -5, 0);
        a.accept(b, 200, 188, 0);
        a.accept(b, 0, Integer.MAX_VALUE, 0); // clipped to the limit: a partial packet
        a.accept(b, 99, Integer.MAX_VALUE, 0);
        MediaSnapshot s = a.snapshot(Long.MIN_VALUE);
        assertThat(s.packets()).isZero();
        assertThat(s.lastPacketAgeMs()).isEqualTo(-1);
        assertThat(s.errors().analyzerFaults()).isZero();
    }

    @Test
    void anAdaptationFieldLongerThanThePacketIsCounted() {
        byte[] p = TsBytes.packet(0x100).pcr(0).payloadOf(1).build();
        p[4] = (byte) 190; // adaptation_field_length past the packet
        MediaSnapshot s = Feed.all(p).snapshot(0);
        assertThat(s.errors().adaptationFieldErrors()).isEqualTo(1);
    }

    @Test
    void transportErrorPacketsAreCounted() {
        byte[] ts = TsBytes.concat(
                TsBytes.packet(0x100).cc(0).payloadOf(1).build(),
                TsBytes.packet(0x100).cc(1).transportError().payloadOf(1).build());
        MediaSnapshot s = Feed.all(ts).snapshot(0);
        assertThat(s.errors().transportErrors()).isEqualTo(1);
        assertThat(s.packets()).isEqualTo(2);
    }

    @Test
    void timeGoingBackwardsOrJumpingIsHarmless() {
        byte[] ts = Arrays.copyOf(TsMedia.H264_AAC.bytes(), 1316 * 500);
        TsAnalyzer a = new TsAnalyzer();
        ByteBuffer b = ByteBuffer.wrap(ts);
        long[] times = {Long.MAX_VALUE, Long.MIN_VALUE, 0, -1, 5_000_000_000L, 1};
        for (int i = 0; i < 500; i++) a.accept(b, i * 1316, 1316, times[i % times.length]);
        for (long t : times) assertThat(a.snapshot(t).bitrateBps()).isGreaterThanOrEqualTo(0);
        assertThat(a.snapshot(0).errors().analyzerFaults()).isZero();
    }

    @Test
    void bitrateFallsToZeroWhenPacketsStop() {
        TsAnalyzer a = new TsAnalyzer();
        long end = Feed.paced(a, TsMedia.H264_AAC.bytes(), 5e6, 0);
        MediaSnapshot later = a.snapshot(end + 3_000_000_000L);
        assertThat(later.bitrateBps()).isZero();
        assertThat(later.stream(0x100).bitrateBps()).isZero();
        assertThat(later.hasVideo()).isFalse();
        assertThat(later.pcrPresent()).isFalse();
        assertThat(later.lastPacketAgeMs()).isBetween(3000L, 3005L);
        assertThat(later.smoothedBitrateBps()).isLessThan(a.snapshot(end).smoothedBitrateBps());
    }
}
