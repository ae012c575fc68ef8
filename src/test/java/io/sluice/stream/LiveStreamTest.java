package io.sluice.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fan-out by reference through real queues, lanes and pooled native memory. */
class LiveStreamTest {
    private final List<SendLane> lanes = new ArrayList<>();

    @AfterEach
    void stopLanes() {
        lanes.forEach(SendLane::close);
    }

    private SendLane lane(int index) {
        SendLane l = new SendLane(index);
        l.start();
        lanes.add(l);
        return l;
    }

    @Test
    void everyOutputSeesEveryChunkInOrderAndTheChunkReturnsToThePool() throws Exception {
        ChunkPool pool = new ChunkPool(2, 64, 256);
        LiveStream stream = new LiveStream("t");
        List<Integer> a = Collections.synchronizedList(new ArrayList<>());
        List<Integer> b = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2);
        stream.attach(new OutputQueue("a", 1024, recorder(a, done), lane(0)));
        stream.attach(new OutputQueue("b", 1024, recorder(b, done), lane(1)));

        for (int i = 0; i < 100; i++) {
            Chunk c = pool.acquire();
            c.data().putInt(0, i);
            c.length(4);
            stream.publish(c);
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(a).hasSize(100).isSorted();
        assertThat(b).isEqualTo(a);
        awaitAllFree(pool);
        assertThat(stream.packetsIn()).isEqualTo(100);
        assertThat(stream.bytesIn()).isEqualTo(400);
    }

    @Test
    void aStuckOutputDropsItsOwnChunksAndNobodyElses() throws Exception {
        ChunkPool pool = new ChunkPool(2, 64, 1024);
        LiveStream stream = new LiveStream("t");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger healthy = new AtomicInteger();
        OutputQueue stuck = new OutputQueue("stuck", 16, (c, lane) -> await(release), lane(0));
        OutputQueue fine = new OutputQueue("fine", 1024, (c, lane) -> healthy.incrementAndGet(), lane(1));
        stream.attach(stuck);
        stream.attach(fine);
        for (int i = 0; i < 500; i++) {
            Chunk c = pool.acquire();
            c.length(188);
            stream.publish(c); // never blocks, however stuck an output is
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (healthy.get() < 500 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(healthy.get()).isEqualTo(500);
        assertThat(fine.dropped()).isZero();
        assertThat(stuck.dropped()).isGreaterThanOrEqualTo(500 - 16 - 1);
        release.countDown();
        awaitAllFree(pool);
    }

    @Test
    void aDetachedQueueReleasesWhatItHeld() throws Exception {
        ChunkPool pool = new ChunkPool(1, 64, 64);
        LiveStream stream = new LiveStream("t");
        CountDownLatch release = new CountDownLatch(1);
        OutputQueue q = new OutputQueue("q", 32, (c, lane) -> await(release), lane(0));
        stream.attach(q);
        for (int i = 0; i < 20; i++) {
            Chunk c = pool.acquire();
            stream.publish(c);
        }
        stream.detach(q);
        release.countDown();
        awaitAllFree(pool);
        assertThat(stream.outputCount()).isZero();
    }

    /**
     * A non-blocking sink is fed by the publisher itself while its queue is empty and by the lane while
     * chunks wait (here every 10th chunk is queued for the lane, as a second producer would): never two at
     * once, never out of order.
     */
    @Test
    void directSendsAndLaneDeliveriesTakeTurnsInOrder() throws Exception {
        int count = 20_000;
        int publisherView = 1; // views: 0 = the lane, 1 = this thread
        ChunkPool pool = new ChunkPool(2, 256, 32_768); // room for all: the test is about order, not drops
        LiveStream stream = new LiveStream("t", publisherView);
        List<Integer> seen = new ArrayList<>(count);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger byLane = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        ChunkSink sometimesSlow = new ChunkSink() {
            @Override
            public void deliver(Chunk c, int view) {
                if (inside.incrementAndGet() != 1) overlaps.incrementAndGet();
                int n = c.view(view).getInt(0);
                seen.add(n); // plain list: safe only if deliveries really are exclusive
                if (view == 0) byLane.incrementAndGet();
                if (n % 97 == 0) java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                inside.decrementAndGet();
                if (seen.size() == count) done.countDown();
            }

            @Override
            public boolean sendsWithoutBlocking() {
                return true;
            }
        };
        OutputQueue q = new OutputQueue("q", 32_768, sometimesSlow, lane(0));
        stream.attach(q);
        for (int i = 0; i < count; i++) {
            Chunk c = pool.acquire();
            c.data().putInt(0, i);
            c.length(4);
            if (i % 10 == 0) q.offer(c); // queued: the lane delivers it, and the publisher must wait its turn
            else stream.publish(c);
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).as("every chunk delivered").isTrue();
        assertThat(overlaps.get()).as("two threads inside the sink at once").isZero();
        assertThat(seen).hasSize(count).isSorted();
        assertThat(q.directSends()).as("sent by the publisher").isPositive().isLessThan(count);
        assertThat(byLane.get()).as("sent by the lane").isEqualTo(count - (int) q.directSends());
        assertThat(q.dropped()).isZero();
        awaitAllFree(pool);
    }

    @Test
    void aBlockingSinkIsNeverCalledByThePublisher() throws Exception {
        ChunkPool pool = new ChunkPool(2, 64, 256);
        LiveStream stream = new LiveStream("t", 1);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        OutputQueue q = new OutputQueue(
                "q", 256, (c, lane) -> threads.add(Thread.currentThread().getName()), lane(0));
        stream.attach(q);
        for (int i = 0; i < 50; i++) {
            Chunk c = pool.acquire();
            c.length(4);
            stream.publish(c);
        }
        awaitAllFree(pool);
        assertThat(threads).hasSize(50).containsOnly("sluice-send-0");
        assertThat(q.directSends()).isZero();
    }

    @Test
    void anExhaustedPoolAtItsBoundSaysSoInsteadOfGrowing() {
        ChunkPool pool = new ChunkPool(1, 4, 8);
        List<Chunk> held = new ArrayList<>();
        for (int i = 0; i < 8; i++) held.add(pool.acquire());
        assertThat(held).doesNotContainNull();
        assertThat(pool.acquire()).isNull();
        held.get(0).release();
        assertThat(pool.acquire()).isSameAs(held.get(0));
    }

    private static ChunkSink recorder(List<Integer> into, CountDownLatch done) {
        return (c, lane) -> {
            into.add(c.view(lane).getInt(0));
            if (into.size() == 100) done.countDown();
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitAllFree(ChunkPool pool) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.available() != pool.allocated() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(pool.available()).as("every chunk back in the pool").isEqualTo(pool.allocated());
    }
}
