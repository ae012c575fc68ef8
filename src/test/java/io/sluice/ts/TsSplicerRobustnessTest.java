package io.sluice.ts;

import static io.sluice.ts.TsBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Garbage, truncated and misaligned payloads in every state of the splicer: never a throw, never a fault. */
class TsSplicerRobustnessTest {

    /**
     * A random walk: three inputs offered real and hand-made TS, random bytes, payloads cut anywhere,
     * corrupted bytes, at any offset; switches of every kind requested in between. {@code acceptOrThrow}
     * surfaces any exception with its stack trace.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void anyBytesInAnyStateNeverThrow(long seed) {
        Random r = new Random(seed);
        byte[] real = Arrays.copyOf(TsMedia.H264_AAC.bytes(), 400_000);
        byte[] other = TsMedia.OTHER_PIDS_EAC3.bytes();
        SpliceSource a = TsSplicerTest.primary();
        SpliceSource b = TsSplicerTest.backup().hevc();
        TsSplicer splicer = new TsSplicer();
        TsSplicer.Emit emit = (src, offset, length) -> {
            assertThat(length % TsPacket.SIZE).isZero();
            assertThat(length).isBetween(TsPacket.SIZE, TsSplicer.MAX_EMIT);
        };
        long now = 0;
        for (int step = 0; step < 3000; step++) {
            int input = r.nextInt(3);
            byte[] payload = switch (r.nextInt(7)) {
                case 0 -> randomBytes(r, 1 + r.nextInt(1500));
                case 1 -> slice(r, real, 1 + r.nextInt(1456));
                case 2 -> slice(r, other, 1 + r.nextInt(1456));
                case 3 -> corrupt(r, slice(r, real, Feed.PAYLOAD));
                case 4 -> Arrays.copyOf(concat(a.gop(1, r.nextBoolean()), b.frame(true)), 1 + r.nextInt(1400));
                case 5 -> corrupt(r, concat(b.gop(1, true), b.pcrOnly(0x300)));
                default -> slice(r, input == 1 ? other : real, Feed.PAYLOAD);
            };
            int offset = r.nextInt(20);
            ByteBuffer buffer = r.nextBoolean()
                    ? ByteBuffer.allocateDirect(offset + payload.length + r.nextInt(20))
                    : ByteBuffer.allocate(offset + payload.length + r.nextInt(20));
            buffer.put(offset, payload);
            int length = r.nextInt(10) == 0 ? payload.length + 100 : payload.length; // past the limit at times
            int kept = splicer.acceptOrThrow(input, buffer, offset, length, now, r.nextInt(10) == 0 ? null : emit);
            assertThat(kept).isBetween(0, Math.min(length, buffer.limit() - offset));
            assertThat(buffer.position()).isZero();
            now += r.nextInt(10_000_000);
            switch (r.nextInt(40)) {
                case 0 -> splicer.switchNow(r.nextInt(3));
                case 1 -> splicer.requestSwitch(r.nextInt(3), now + r.nextInt(100_000_000));
                case 2 -> splicer.requestSwitch(r.nextInt(3), Long.MAX_VALUE);
                default -> {}
            }
        }
        SpliceStats stats = splicer.stats();
        assertThat(stats.faults()).isZero();
        assertThat(stats.switches()).isPositive();
    }

    @Test
    void impossibleArgumentsForwardNothing() {
        TsSplicer splicer = new TsSplicer();
        ByteBuffer b = ByteBuffer.allocate(1316);
        assertThat(splicer.accept(0, null, 0, 1316, 0, null)).isZero();
        assertThat(splicer.accept(0, b, -1, 1316, 0, null)).isZero();
        assertThat(splicer.accept(0, b, 1316, 10, 0, null)).isZero();
        assertThat(splicer.accept(0, b, 0, -5, 0, null)).isZero();
        assertThat(splicer.accept(0, b, 0, 0, 0, null)).isZero();
        assertThat(splicer.stats().rejectedCalls()).isEqualTo(4);
        assertThat(splicer.stats().faults()).isZero();
    }

    @Test
    void afterASwitchGarbageAndCutPacketsAreDroppedAndCountedWhileWholePacketsGoOn() {
        SpliceSource a = TsSplicerTest.primary();
        SpliceSource b = TsSplicerTest.backup();
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(3, true));
        run.feed(1, b.gop(1, true));
        run.splicer.switchNow(1);
        byte[] frame = b.frame(true);
        byte[] payload = concat(new byte[] {1, 2, 3}, frame, Arrays.copyOf(b.audio(), 100)); // junk, 3 packets, cut
        run.accept(1, payload);
        SpliceStats stats = run.splicer.stats();
        assertThat(stats.discardedBytes()).isEqualTo(3 + 100);
        assertThat(SpliceRun.first(run.output(), TsSplicerTest.VIDEO, 0)).isPositive();
        assertThat(stats.faults()).isZero();
    }

    @Test
    void packetsWithTransportErrorIndicatorAreDroppedOnceRewriting() {
        SpliceSource a = TsSplicerTest.primary();
        SpliceSource b = TsSplicerTest.backup();
        SpliceRun run = new SpliceRun();
        run.feed(0, a.gop(3, true));
        run.feed(1, b.gop(1, true));
        run.splicer.switchNow(1);
        byte[] gop = b.gop(1, true);
        byte[] bad = b.audio();
        bad[1] |= (byte) 0x80; // transport_error_indicator
        run.feed(1, concat(gop, bad, b.audio()));
        assertThat(run.splicer.stats().transportErrorPackets()).isEqualTo(1);
        assertThat(SpliceRun.strictContinuityViolations(run.output()))
                .as("the loss shows downstream")
                .hasSize(1);
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        if (r.nextBoolean()) for (int i = 0; i < n; i += 188) b[i] = TsPacket.SYNC; // plausible sync bytes
        return b;
    }

    private static byte[] slice(Random r, byte[] src, int n) {
        int from = r.nextInt(src.length - n);
        if (r.nextBoolean()) from -= from % TsPacket.SIZE; // aligned, mostly
        return Arrays.copyOfRange(src, from, from + n);
    }

    private static byte[] corrupt(Random r, byte[] b) {
        for (int i = r.nextInt(8); i >= 0; i--) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        return b;
    }
}
