package io.sluice.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The steady state allocates nothing, measured with the JVM's allocation counter for the current thread
 * (com.sun.management.ThreadMXBean) over real content after a warm-up: the pass-through before any switch,
 * and the remapped path after a switch to an input on other PIDs (with the inactive input fed alongside, as
 * on a live ingest).
 */
class TsSplicerAllocationTest {
    static final int MEASURED = 50_000;
    /** Does nothing: the caller's copy is not what is measured. */
    static final TsSplicer.Emit DISCARD = (src, offset, length) -> {};

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void passThroughAllocatesLessThanOneBytePerPacket() {
        byte[] ts = TsMedia.SPLICE_PRIMARY.bytes();
        ByteBuffer direct = ByteBuffer.allocateDirect(ts.length).put(ts).clear();
        TsSplicer splicer = new TsSplicer();
        long[] now = {0};
        for (int i = 0; i < 3; i++) passThrough(splicer, direct, ts.length, now); // warm-up: JIT, tables

        long before = threads.getCurrentThreadAllocatedBytes();
        long fed = 0;
        while (fed < MEASURED) fed += passThrough(splicer, direct, ts.length, now);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(splicer.stats().switches()).isZero();
        // The smallest object is 16 bytes: less than one byte per packet means no per-packet allocation.
        assertThat(allocated).as("bytes allocated for %d packets", fed).isLessThan(fed);
    }

    @Test
    void theRemappedPathAfterASwitchAllocatesLessThanOneBytePerPacket() {
        byte[] primary = TsMedia.SPLICE_PRIMARY.bytes();
        byte[] backup = TsMedia.SPLICE_BACKUP.bytes();
        ByteBuffer work = ByteBuffer.allocateDirect(Feed.PAYLOAD);
        TsSplicer splicer = new TsSplicer();
        long[] now = {0};
        int payloads = Math.min(primary.length, backup.length) / Feed.PAYLOAD;
        both(splicer, primary, backup, work, 0, payloads / 4, now); // primary active, backup learned
        splicer.switchNow(1);
        for (int i = 0; i < 3; i++) both(splicer, primary, backup, work, 0, payloads, now); // warm-up

        long before = threads.getCurrentThreadAllocatedBytes();
        long fed = 0;
        while (fed < MEASURED) fed += both(splicer, primary, backup, work, 0, payloads, now);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        SpliceStats stats = splicer.stats();
        assertThat(stats.activeInput()).isEqualTo(1);
        assertThat(stats.switches()).isEqualTo(1);
        assertThat(stats.psiPackets()).as("the backup's PAT/PMT were replaced").isPositive();
        assertThat(allocated).as("bytes allocated for %d packets", fed).isLessThan(fed);
    }

    /** The whole file as input 0 in 1316-byte payloads at 2 Mbit/s; returns the packets fed. */
    private static long passThrough(TsSplicer splicer, ByteBuffer data, int length, long[] now) {
        long packets = 0;
        for (int p = 0; p + Feed.PAYLOAD <= length; p += Feed.PAYLOAD) {
            splicer.accept(0, data, p, Feed.PAYLOAD, now[0], DISCARD);
            now[0] += TsSplicerMediaTest.PAYLOAD_NANOS;
            packets += 7;
        }
        return packets;
    }

    /**
     * Payloads {@code [from, to)} of both inputs, side by side, each copied into {@code work} first (the
     * active input's payload is rewritten in place). Returns the packets fed.
     */
    private static long both(
            TsSplicer splicer, byte[] primary, byte[] backup, ByteBuffer work, int from, int to, long[] now) {
        long packets = 0;
        for (int i = from; i < to; i++) {
            work.put(0, primary, i * Feed.PAYLOAD, Feed.PAYLOAD);
            splicer.accept(0, work, 0, Feed.PAYLOAD, now[0], DISCARD);
            work.put(0, backup, i * Feed.PAYLOAD, Feed.PAYLOAD);
            splicer.accept(1, work, 0, Feed.PAYLOAD, now[0], DISCARD);
            now[0] += TsSplicerMediaTest.PAYLOAD_NANOS;
            packets += 14;
        }
        return packets;
    }
}
