package io.sluice.stream;

import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * One received SRT payload (normally 7 × 188-byte TS packets) in native memory, shared by every output
 * of a stream without a copy.
 *
 * <h2>Ownership (the one rule of the data plane)</h2>
 *
 * <ol>
 *   <li>A chunk is owned by whoever holds a reference. {@link ChunkPool#acquire()} hands out a chunk with
 *       one reference, to the receive thread.
 *   <li>Only the holder of the <em>sole</em> reference writes the bytes or the length: the receive thread,
 *       before {@link LiveStream#publish}. After publish, a chunk is read-only for everyone.
 *   <li>Whoever passes a chunk on adds a reference for each receiver first ({@link #retain(int)}); a
 *       receiver that could not take it (queue full) gives that reference back at once.
 *   <li>Every holder calls {@link #release()} exactly once when done; the last release returns the chunk
 *       to its pool. Nobody touches a chunk after releasing it.
 * </ol>
 *
 * <p>Reading: {@link #data()} is shared by all threads — absolute gets only, never change its position
 * or limit. NIO channels need a position and limit of their own, so each reader thread (a "lane",
 * numbered when the pool is made) has a private view: {@link #view(int)}.
 */
public final class Chunk {
    /** Largest SRT live payload: MTU 1500 − 28 (IP/UDP) − 16 (SRT header), {@code SRT_LIVE_MAX_PLSIZE}. */
    public static final int CAPACITY = 1456;
    /** Bytes between chunk starts in a slab (CAPACITY rounded up to 64, one cache line). */
    static final int STRIDE = 1472;

    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(Chunk.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ChunkPool pool;
    private final Pointer pointer;
    private final ByteBuffer data;
    private final ByteBuffer[] laneViews;
    /** Payload bytes; written by the sole owner before publish (rule 2). */
    private int length;
    /** System.nanoTime() when received; written with the payload. */
    private long receivedNanos;

    @SuppressWarnings("unused") // accessed through REFS
    private volatile int refs;

    Chunk(ChunkPool pool, Pointer pointer, ByteBuffer data, int lanes) {
        this.pool = pool;
        this.pointer = pointer;
        this.data = data;
        this.laneViews = new ByteBuffer[lanes];
        for (int i = 0; i < lanes; i++) laneViews[i] = data.duplicate();
    }

    /** Native address of the payload, for libsrt calls ({@code srt_recvmsg2}, {@code srt_sendmsg2}). */
    public Pointer pointer() {
        return pointer;
    }

    /** The payload bytes, capacity {@link #CAPACITY}; absolute access only (see class comment). */
    public ByteBuffer data() {
        return data;
    }

    public int length() {
        return length;
    }

    /** Sets the payload length; only the sole owner may (rule 2). */
    public void length(int length) {
        if (length < 0 || length > CAPACITY) throw new IllegalArgumentException("length " + length);
        this.length = length;
    }

    public long receivedNanos() {
        return receivedNanos;
    }

    public void receivedNanos(long nanos) {
        this.receivedNanos = nanos;
    }

    /** Lane {@code lane}'s private view, positioned over the payload: position 0, limit {@link #length()}. */
    public ByteBuffer view(int lane) {
        ByteBuffer v = laneViews[lane];
        v.limit(length).position(0);
        return v;
    }

    /** Adds {@code n} references (rule 3). */
    public void retain(int n) {
        REFS.getAndAdd(this, n);
    }

    /** Gives one reference back; the last one returns the chunk to its pool (rule 4). */
    public void release() {
        int left = (int) REFS.getAndAdd(this, -1) - 1;
        if (left == 0) {
            pool.recycle(this);
        } else if (left < 0) {
            throw new IllegalStateException("chunk released more often than retained");
        }
    }

    /** Current reference count (for tests and diagnostics). */
    public int references() {
        return (int) REFS.getVolatile(this);
    }

    void reset() {
        length = 0;
        receivedNanos = 0;
        REFS.setVolatile(this, 1);
    }
}
