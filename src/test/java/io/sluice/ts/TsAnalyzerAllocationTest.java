package io.sluice.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The steady state allocates nothing: measured with the JVM's allocation counter for the current thread
 * (com.sun.management.ThreadMXBean) while real content is fed after a warm-up pass.
 */
class TsAnalyzerAllocationTest {
    static final int MEASURED = 50_000;

    @Test
    void steadyStateAllocatesLessThanOneBytePerPacket() {
        byte[] ts = TsMedia.H264_AAC.bytes();
        ByteBuffer direct = ByteBuffer.allocateDirect(ts.length).put(ts).clear();
        TsAnalyzer a = new TsAnalyzer();
        long[] now = {0};
        // Warm-up: the JIT compiles the hot path; PIDs, tables and formats are found.
        for (int i = 0; i < 8; i++) feed(a, direct, ts.length, now);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long packetsBefore = a.snapshot(now[0]).packets();
        long before = threads.getCurrentThreadAllocatedBytes();
        long fed = 0;
        while (fed < MEASURED) fed += feed(a, direct, ts.length, now);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(a.snapshot(now[0]).packets() - packetsBefore).isEqualTo(fed);
        // The smallest object is 16 bytes: less than one byte per packet means no per-packet allocation.
        assertThat(allocated).as("bytes allocated for %d packets", fed).isLessThan(fed);
    }

    /** The whole file in 1316-byte payloads at 5 Mbit/s; returns the packets fed. */
    private static long feed(TsAnalyzer a, ByteBuffer data, int length, long[] now) {
        for (int p = 0; p < length; p += Feed.PAYLOAD) {
            a.accept(data, p, Math.min(Feed.PAYLOAD, length - p), now[0]);
            now[0] += 2_105_600; // 1316 bytes × 8 / 5 Mbit/s, ns
        }
        return length / TsPacket.SIZE;
    }
}
