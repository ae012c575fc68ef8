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
 * Cost of {@link TsSplicer#accept} per TS packet on real content ({@link TsMedia#SPLICE_PRIMARY} and
 * {@link TsMedia#SPLICE_BACKUP}: H.264 + AAC muxed at 2 Mbit/s, null packets included), fed as 1316-byte
 * payloads from a direct buffer, as the receive thread does. One operation is one payload of 7 packets, so
 * JMH reports ns per packet. Run it with {@code bench/ts_splicer.sh}.
 *
 * <ul>
 *   <li>{@code passThrough}: the first input before any switch (nothing is written).
 *   <li>{@code remapped}: the backup after a switch, on other PIDs: every packet renumbered, its PAT/PMT
 *       replaced. The payload is rewritten in place, so each operation first copies the original bytes into
 *       the buffer: {@code copyOnly} measures that copy alone, to subtract.
 *   <li>{@code inactive}: the input that is not active (its tables learned, its packets discarded).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class TsSplicerBenchmark {
    private static final int PACKETS_PER_PAYLOAD = 7;
    private static final TsSplicer.Emit DISCARD = (src, offset, length) -> {};

    private byte[] backup;
    private ByteBuffer primary;
    private ByteBuffer work;
    private int payloads;
    private TsSplicer pristine;
    private TsSplicer switched;
    private int next;
    private long now;

    @Setup
    public void setUp() {
        byte[] p = TsMedia.SPLICE_PRIMARY.bytes();
        backup = TsMedia.SPLICE_BACKUP.bytes();
        payloads = Math.min(p.length, backup.length) / Feed.PAYLOAD;
        primary = ByteBuffer.allocateDirect(payloads * Feed.PAYLOAD)
                .put(p, 0, payloads * Feed.PAYLOAD)
                .clear();
        work = ByteBuffer.allocateDirect(Feed.PAYLOAD);
        pristine = new TsSplicer();
        switched = new TsSplicer();
        for (int i = 0; i < payloads; i++) { // both inputs' tables learned, then the switch
            switched.accept(0, primary, i * Feed.PAYLOAD, Feed.PAYLOAD, 0, DISCARD);
            work.put(0, backup, i * Feed.PAYLOAD, Feed.PAYLOAD);
            switched.accept(1, work, 0, Feed.PAYLOAD, 0, DISCARD);
        }
        switched.switchNow(1);
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_PAYLOAD)
    public int passThrough() {
        int n = pristine.accept(0, primary, next * Feed.PAYLOAD, Feed.PAYLOAD, now, DISCARD);
        advance();
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_PAYLOAD)
    public int remapped() {
        work.put(0, backup, next * Feed.PAYLOAD, Feed.PAYLOAD);
        int n = switched.accept(1, work, 0, Feed.PAYLOAD, now, DISCARD);
        advance();
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_PAYLOAD)
    public ByteBuffer copyOnly() {
        work.put(0, backup, next * Feed.PAYLOAD, Feed.PAYLOAD);
        advance();
        return work;
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_PAYLOAD)
    public int inactive() {
        int n = switched.accept(0, primary, next * Feed.PAYLOAD, Feed.PAYLOAD, now, DISCARD);
        advance();
        return n;
    }

    private void advance() {
        now += TsSplicerMediaTest.PAYLOAD_NANOS;
        if (++next == payloads) next = 0;
    }
}
