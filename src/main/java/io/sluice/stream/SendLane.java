package io.sluice.stream;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * A named platform thread ({@code sluice-send-N}) that drains the {@link OutputQueue}s assigned to it
 * into their outputs. A fixed number of lanes serve every output; each output's queue belongs to one lane.
 *
 * <p>Wake-up protocol (no lost wake-ups, at most one unpark per burst): producers call {@link #wake()}
 * after each offer ({@code getAndSet(true)}, unpark on the false→true edge); the lane clears the flag
 * with {@code getAndSet(false)} <em>before</em> draining and parks only if the flag is still clear
 * afterwards. Both are volatile read-modify-writes, so an offer made before a wake is always seen by the
 * drain that follows the lane's clear.
 */
public final class SendLane implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SendLane.class);
    /** Chunks taken from one queue before moving on to the next (fairness between outputs). */
    private static final int BUDGET = 64;
    /** Longest park without a wake-up: the lane also retires closed queues on this tick. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long a closed queue is kept draining before it is forgotten (in-flight publishes finish). */
    private static final long RETIRE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int index;
    private final Thread thread;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private volatile OutputQueue[] queues = new OutputQueue[0];
    private volatile boolean running = true;

    public SendLane(int index) {
        this.index = index;
        this.thread =
                Thread.ofPlatform().name("sluice-send-" + index).daemon(true).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    public int index() {
        return index;
    }

    /** Called by producers after enqueueing. Cheap when the lane is already awake. */
    void wake() {
        if (!signalled.getAndSet(true)) LockSupport.unpark(thread);
    }

    synchronized void add(OutputQueue q) {
        OutputQueue[] cur = queues;
        OutputQueue[] next = Arrays.copyOf(cur, cur.length + 1);
        next[cur.length] = q;
        queues = next;
    }

    private synchronized void retire(OutputQueue q) {
        queues = Arrays.stream(queues).filter(x -> x != q).toArray(OutputQueue[]::new);
    }

    /** Queues this lane serves (including closed ones not yet retired). */
    public int queueCount() {
        return queues.length;
    }

    private void run() {
        while (running) {
            signalled.getAndSet(false);
            boolean worked = false;
            long now = System.nanoTime();
            for (OutputQueue q : queues) {
                try {
                    if (q.drain(index, BUDGET) > 0) worked = true;
                } catch (Throwable t) {
                    // A sink must handle its own failures; this only keeps the lane alive.
                    LOG.errorf(t, "[%s] output failed while sending; the lane goes on", q.name());
                }
                if (q.isRetired(now, RETIRE_GRACE_NANOS)) retire(q);
            }
            if (!worked && !signalled.get()) LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
