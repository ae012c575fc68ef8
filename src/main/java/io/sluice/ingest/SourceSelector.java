package io.sluice.ingest;

import io.sluice.stream.Chunk;
import io.sluice.stream.ChunkPool;
import io.sluice.stream.LiveStream;
import io.sluice.ts.SpliceStats;
import io.sluice.ts.TsSplicer;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Between an ingest's sources and its stream: forwards the payloads of the selected source and splices
 * (a {@link TsSplicer}) whenever what goes out changes — a switch between primary and backup, or a new
 * publisher connection of the active source — so that every output sees one continuous transport stream
 * with a flagged discontinuity, on the PIDs it knew.
 *
 * <p>Splice inputs: each publisher connection is an input of its own, so that the splicer never mixes the
 * state of two encoders. The primary's connections alternate between inputs 0 and 2, the backup's between
 * 1 and 3 (so {@code input & 1} is the source); the input a source stops using is forgotten when the source
 * takes it again, one connection later. The first connection of each source keeps its input as it was.
 *
 * <p>Threads: {@link #deliver} and {@link #connected} run on the ingest's reactor thread only (both sources
 * receive on it), so the splicer is never entered twice. {@link #select}, {@link #active} and {@link
 * #stats} come from any thread; a selection is a volatile reference the reactor picks up on its next
 * payload. Allocation: none per payload; a chunk from the pool carries packets the splicer inserts.
 */
final class SourceSelector implements TsSplicer.Emit {
    /**
     * What the control plane asks for: a source, and until when to wait for its next keyframe
     * ({@link System#nanoTime()}; {@code immediate}: not at all).
     */
    private record Selection(int source, long keyframeDeadlineNanos, boolean immediate) {}

    private final TsSplicer splicer = new TsSplicer();
    private final LiveStream stream;
    private final ChunkPool pool;
    private volatile Selection wanted;

    // ---- reactor thread only ----
    private Selection applied;
    /** The splice input of each source's current connection. */
    private final int[] inputOf = {Source.PRIMARY, Source.BACKUP};
    /** Whether each source has had a connection (its first keeps the input it started with). */
    private final boolean[] seen = new boolean[2];
    /** Packets the splicer inserted during the current accept, sent before that payload; or null. */
    private Chunk inserted;

    private long receivedNanos;
    private volatile long insertDrops;

    SourceSelector(LiveStream stream, ChunkPool pool, int initialSource) {
        this.stream = stream;
        this.pool = pool;
        this.wanted = new Selection(initialSource, 0, true);
    }

    /**
     * Any thread. Makes {@code source} feed the outputs: at the start of its next video keyframe if one comes
     * within {@code keyframeWait} from now, else when that has passed; {@link Duration#ZERO}: at its next
     * payload.
     */
    void select(int source, Duration keyframeWait) {
        wanted = new Selection(source, System.nanoTime() + keyframeWait.toNanos(), keyframeWait.isZero());
    }

    /** Any thread: the source last asked for. */
    int selected() {
        return wanted.source();
    }

    /** Any thread: the source whose packets go out now ({@link Source#PRIMARY}, {@link Source#BACKUP}), or −1. */
    int active() {
        int input = splicer.activeInput();
        return input < 0 ? -1 : input & 1;
    }

    /** Any thread: what the splicer did. */
    SpliceStats stats() {
        return splicer.stats();
    }

    /** Packets the splicer inserted (PAT/PMT, discontinuity, PCR) that were lost: the chunk pool was empty. */
    long insertDrops() {
        return insertDrops;
    }

    /**
     * Reactor thread: a new publisher connection of {@code source} sends its first payload. Returns its splice
     * input. When the source feeds the outputs, the splice to the new connection happens at once: the old
     * one is gone, so there is nothing to wait for.
     */
    int connected(int source) {
        if (!seen[source]) {
            seen[source] = true;
            return inputOf[source];
        }
        int input = inputOf[source] ^ 2;
        splicer.forget(input); // a connection two ago: its tables and map describe another encoder
        inputOf[source] = input;
        if (applied != null && applied.source() == source) splicer.switchNow(input);
        return input;
    }

    /**
     * Reactor thread: a payload of splice input {@code input}; consumes the caller's reference. The selected
     * source's payload goes to the stream (rewritten by the splicer, after anything it inserted); another
     * source's only teaches the splicer its tables and keyframes, and is released.
     */
    void deliver(int input, Chunk c) {
        long now = c.receivedNanos();
        Selection w = wanted;
        if (w != applied) {
            applied = w;
            int target = inputOf[w.source()];
            if (w.immediate()) splicer.switchNow(target);
            else splicer.requestSwitch(target, w.keyframeDeadlineNanos());
        }
        receivedNanos = now;
        int n = splicer.accept(input, c.data(), 0, c.length(), now, this);
        Chunk before = inserted;
        if (before != null) {
            inserted = null;
            stream.publish(before);
        }
        if (n <= 0) {
            c.release();
            return;
        }
        c.length(n);
        stream.publish(c);
    }

    /** Reactor thread, inside {@link #deliver}: packets to send before the payload; copied into a chunk. */
    @Override
    public void packets(ByteBuffer src, int offset, int length) {
        Chunk c = inserted;
        if (c != null && c.length() + length > Chunk.CAPACITY) { // cannot happen with MAX_EMIT ≤ CAPACITY
            inserted = null;
            stream.publish(c);
            c = null;
        }
        if (c == null) {
            c = pool.acquire();
            if (c == null) {
                insertDrops = insertDrops + 1;
                return;
            }
            c.length(0);
            c.receivedNanos(receivedNanos);
            inserted = c;
        }
        c.data().put(c.length(), src, offset, length); // absolute bulk copy: no position change
        c.length(c.length() + length);
    }
}
