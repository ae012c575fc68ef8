package io.sluice.stream;

import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscArrayQueue;

/**
 * The bounded queue between a stream and one output. The receive thread offers (never blocks: a full
 * queue drops the chunk and counts it); the output's {@link SendLane} drains it into the {@link ChunkSink}.
 * A slow or dead output therefore loses its own packets and nobody else's.
 */
public final class OutputQueue {
    private final String name;
    private final MpscArrayQueue<Chunk> queue;
    private final ChunkSink sink;
    private final SendLane lane;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    /** System.nanoTime() at {@link #close()}. */
    private volatile long closedNanos;

    /**
     * @param name for logs, e.g. {@code cam1/out-3f2a}
     * @param capacity chunks the queue holds (rounded up to a power of two)
     */
    public OutputQueue(String name, int capacity, ChunkSink sink, SendLane lane) {
        this.name = name;
        this.queue = new MpscArrayQueue<>(capacity);
        this.sink = sink;
        this.lane = lane;
    }

    /**
     * Enqueues a chunk whose reference the caller has already taken for this queue. On a full queue
     * the reference is given back, the drop counted, and false returned. Wakes the lane.
     */
    boolean offer(Chunk chunk) {
        if (closed || !queue.offer(chunk)) {
            dropped.incrementAndGet();
            chunk.release();
            return false;
        }
        lane.wake();
        return true;
    }

    /** Lane thread: delivers up to {@code budget} chunks; returns how many. */
    int drain(int laneIndex, int budget) {
        int n = 0;
        Chunk c;
        while (n < budget && (c = queue.relaxedPoll()) != null) {
            n++;
            try {
                if (!closed) sink.deliver(c, laneIndex);
            } finally {
                c.release();
            }
        }
        return n;
    }

    /** Chunks dropped because the queue was full (or closed). */
    public long dropped() {
        return dropped.get();
    }

    /** Chunks waiting right now. */
    public int depth() {
        return queue.size();
    }

    public int capacity() {
        return queue.capacity();
    }

    public String name() {
        return name;
    }

    public SendLane lane() {
        return lane;
    }

    /** Stops delivery; the lane drains what is left into the void and forgets the queue. */
    void close() {
        closedNanos = System.nanoTime();
        closed = true;
        lane.wake();
    }

    /**
     * True when the lane may forget this queue: closed, empty, and closed long enough ago
     * ({@code graceNanos}) that no publish that read the old output list can still be offering to it.
     */
    boolean isRetired(long nowNanos, long graceNanos) {
        return closed && nowNanos - closedNanos > graceNanos && queue.isEmpty();
    }
}
