package io.sluice.stream;

import java.util.Arrays;

/**
 * The live fan-out of one ingest: each published chunk goes to every attached {@link OutputQueue},
 * by reference (see {@link Chunk} for the ownership rule). Outputs attached later get the stream from
 * the moment they join.
 *
 * <p>Threads: {@link #publish} runs on the receive thread of the active source, one at a time; attach
 * and detach come from the control plane and swap an immutable array, so publish takes no lock.
 */
public final class LiveStream {
    private final String name;
    /** The publishing thread's {@link Chunk#view(int)} for direct sends (see {@link OutputQueue}); -1 = none. */
    private final int publisherView;

    private volatile OutputQueue[] outputs = new OutputQueue[0];

    // Written only by the publishing thread; read by anyone.
    private volatile long packetsIn;
    private volatile long bytesIn;
    private volatile long lastPacketNanos;

    /** A stream whose outputs are always served by their lanes. */
    public LiveStream(String name) {
        this(name, -1);
    }

    /**
     * @param publisherView the chunk view of the thread that publishes (its {@link
     *     ReceiveReactor#view()}), letting it send directly into outputs whose queues are empty
     */
    public LiveStream(String name, int publisherView) {
        this.name = name;
        this.publisherView = publisherView;
    }

    public String name() {
        return name;
    }

    /**
     * Hands {@code chunk} to every output and consumes the caller's reference. Never blocks: a full
     * output queue drops that output's copy of the reference and counts it.
     */
    public void publish(Chunk chunk) {
        OutputQueue[] targets = outputs;
        packetsIn = packetsIn + 1;
        bytesIn = bytesIn + chunk.length();
        lastPacketNanos = chunk.receivedNanos();
        if (targets.length > 0) {
            chunk.retain(targets.length);
            for (OutputQueue q : targets) q.offer(chunk, publisherView);
        }
        chunk.release();
    }

    /** Attaches a queue and registers it with its lane. */
    public synchronized void attach(OutputQueue q) {
        q.lane().add(q);
        OutputQueue[] cur = outputs;
        OutputQueue[] next = Arrays.copyOf(cur, cur.length + 1);
        next[cur.length] = q;
        outputs = next;
    }

    /** Detaches and closes a queue; what it still holds is released by its lane. */
    public synchronized void detach(OutputQueue q) {
        outputs = Arrays.stream(outputs).filter(x -> x != q).toArray(OutputQueue[]::new);
        q.close();
    }

    public int outputCount() {
        return outputs.length;
    }

    public long packetsIn() {
        return packetsIn;
    }

    public long bytesIn() {
        return bytesIn;
    }

    /** {@link System#nanoTime()} of the last published chunk, 0 if none yet. */
    public long lastPacketNanos() {
        return lastPacketNanos;
    }
}
