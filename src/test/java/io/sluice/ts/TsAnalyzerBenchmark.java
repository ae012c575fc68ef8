package io.sluice.ts;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of {@link TsAnalyzer#accept} per TS packet on real content (TESTING.md's H.264 720p30 + AAC at 5
 * Mbit/s, null packets included), fed as 1316-byte payloads from a direct buffer, as the receive thread does.
 * One operation is one payload of 7 packets, so JMH reports ns per packet. Run it with
 * {@code bench/ts_analyzer.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class TsAnalyzerBenchmark {
    private static final int PACKETS_PER_PAYLOAD = 7;

    private ByteBuffer data;
    private int payloads;
    private TsAnalyzer analyzer;
    private int next;
    private long now;

    @Setup
    public void setUp() {
        byte[] ts = TsMedia.H264_AAC.bytes();
        payloads = ts.length / Feed.PAYLOAD;
        data = ByteBuffer.allocateDirect(payloads * Feed.PAYLOAD)
                .put(ts, 0, payloads * Feed.PAYLOAD)
                .clear();
        analyzer = new TsAnalyzer();
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_PAYLOAD)
    public void acceptPerPacket() {
        analyzer.accept(data, next * Feed.PAYLOAD, Feed.PAYLOAD, now);
        now += 2_105_600; // 1316 bytes at 5 Mbit/s, ns
        if (++next == payloads) next = 0;
    }
}
