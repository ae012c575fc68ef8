package io.sluice.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** snapshot() from another thread while the receive thread feeds: never a fault, never a half-built value. */
class TsAnalyzerThreadsTest {

    @Test
    void snapshotsWhileFeedingAreWhole() throws Exception {
        byte[] ts = TsMedia.H264_AAC.bytes();
        ByteBuffer direct = ByteBuffer.allocateDirect(ts.length).put(ts).clear();
        TsAnalyzer a = new TsAnalyzer();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch snapshotting = new CountDownLatch(1); // a warm JIT could feed it all before one snapshot
        Thread receive = Thread.ofPlatform().name("receive").start(() -> {
            try {
                snapshotting.await(5, java.util.concurrent.TimeUnit.SECONDS);
                long now = 0;
                for (int round = 0; round < 5; round++) {
                    for (int p = 0; p < ts.length; p += Feed.PAYLOAD) {
                        a.accept(direct, p, Math.min(Feed.PAYLOAD, ts.length - p), now);
                        now += 2_105_600;
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                done.set(true);
            }
        });
        long snapshots = 0;
        long lastPackets = 0;
        while (!done.get()) {
            MediaSnapshot s = a.snapshot(System.nanoTime());
            snapshots++;
            snapshotting.countDown();
            assertThat(s.packets()).isGreaterThanOrEqualTo(lastPackets); // counters only go forward
            lastPackets = s.packets();
            for (StreamInfo st : s.streams()) {
                assertThat(st.codec()).isNotNull();
                assertThat(st.width() == null).isEqualTo(st.height() == null);
                assertThat(st.keyframeIntervalFrames() == null).isEqualTo(st.keyframeIntervalSeconds() == null);
            }
            for (PidInfo p : s.pids()) assertThat(p.use()).isNotNull();
        }
        receive.join();
        assertThat(failure.get()).isNull();
        assertThat(snapshots).isPositive();
        MediaSnapshot last = a.snapshot(0);
        assertThat(last.packets()).isEqualTo(5L * (ts.length / 188));
        assertThat(last.errors().analyzerFaults()).isZero();
    }
}
