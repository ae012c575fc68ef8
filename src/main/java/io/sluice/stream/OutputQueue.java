package io.sluice.stream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscArrayQueue;

/**
 * The bounded queue between a stream and one output. The receive thread offers (never blocks: a full
 * queue drops the chunk and counts it); the output's {@link SendLane} drains it into the {@link ChunkSink}.
 * A slow or dead output therefore loses its own packets and nobody else's.
 *
 * <p><b>Direct send.</b> When the queue is empty and its sink {@link ChunkSink#sendsWithoutBlocking() sends
 * without blocking}, the receive thread delivers the chunk itself instead of waking the lane: one thread
 * hand-off (two context switches) less per packet, which is most of what a relay spends beyond libsrt.
 * Once an output falls behind — the lane is busy with it, or chunks are waiting — chunks queue as before,
 * so a slow output still costs the receive thread one failed compare-and-set and nothing more.
 *
 * <p><b>Order and exclusion.</b> {@code sending} is held by whoever is delivering: the lane for a whole
 * {@link #drain}, the receive thread for one direct send. The receive thread sends directly only when it
 * takes {@code sending} and the queue is empty, so nothing queued earlier can be overtaken; if it finds
 * the lane busy it queues. After a direct send it wakes the lane if chunks arrived meanwhile (another
 * producer), because the lane skipped the queue while {@code sending} was taken. The compare-and-set and
 * the release are volatile, so the sink's plain fields pass safely between the two threads.
 */
public final class OutputQueue {
    private final String name;
    private final MpscArrayQueue<Chunk> queue;
    private final ChunkSink sink;
    private final SendLane lane;
    private final AtomicLong dropped = new AtomicLong();
    /** Held while a thread delivers into the sink: see the class comment. */
    private final AtomicBoolean sending = new AtomicBoolean();

    private final boolean direct;
    private volatile long directSends;
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
        this.direct = sink.sendsWithoutBlocking();
    }

    /**
     * Delivers or enqueues a chunk whose reference the caller has already taken for this queue: sends it
     * at once on the calling thread when the queue is empty and the sink allows it ({@code view} ≥ 0 is the
     * caller's {@link Chunk#view(int) view}; -1 never sends directly), else enqueues it and wakes the lane.
     * On a full queue the reference is given back, the drop counted, and false returned.
     */
    boolean offer(Chunk chunk, int view) {
        if (direct && view >= 0 && !closed && queue.isEmpty() && sending.compareAndSet(false, true)) {
            try {
                sink.deliver(chunk, view);
            } finally {
                sending.set(false);
                chunk.release();
            }
            directSends = directSends + 1; // single writer per stream: the publishing thread
            if (!queue.isEmpty()) lane.wake();
            return true;
        }
        return offer(chunk);
    }

    /** Enqueues only (the lane delivers); as {@link #offer(Chunk, int)} otherwise. */
    boolean offer(Chunk chunk) {
        if (closed || !queue.offer(chunk)) {
            dropped.incrementAndGet();
            chunk.release();
            return false;
        }
        lane.wake();
        return true;
    }

    /**
     * Lane thread: delivers up to {@code budget} chunks; returns how many. Returns 0 without waiting when
     * the receive thread is sending directly (it wakes the lane afterwards if anything is left).
     */
    int drain(int laneIndex, int budget) {
        if (queue.isEmpty() || !sending.compareAndSet(false, true)) return 0;
        int n = 0;
        try {
            Chunk c;
            while (n < budget && (c = queue.relaxedPoll()) != null) {
                n++;
                try {
                    if (!closed) sink.deliver(c, laneIndex);
                } finally {
                    c.release();
                }
            }
        } finally {
            sending.set(false);
        }
        return n;
    }

    /** Chunks the receive thread sent itself, without the lane. */
    public long directSends() {
        return directSends;
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
