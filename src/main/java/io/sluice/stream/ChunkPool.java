package io.sluice.stream;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jctools.queues.MpmcArrayQueue;

/**
 * Pre-allocated {@link Chunk}s in slabs of direct memory. {@link #acquire()} and recycling allocate
 * nothing; when the pool runs dry it grows by one slab, up to {@code maxChunks}, after which
 * {@link #acquire()} returns null and the receiver drops (and counts) the payload.
 *
 * <p>Threads: any thread may acquire and recycle. Growth is rare and takes a lock private to the pool.
 */
public final class ChunkPool {
    private final int lanes;
    private final int slabChunks;
    private final int maxChunks;
    private final MpmcArrayQueue<Chunk> free;
    /** Slabs stay reachable here: chunks point into them. Guarded by {@code this}. */
    private final List<ByteBuffer> slabs = new ArrayList<>();

    private volatile int allocated;

    /**
     * @param lanes number of reader threads that need private NIO views ({@link Chunk#view(int)})
     * @param slabChunks chunks per slab (growth step)
     * @param maxChunks upper bound of chunks in the pool (memory ≈ maxChunks × 1472 bytes)
     */
    public ChunkPool(int lanes, int slabChunks, int maxChunks) {
        if (lanes < 1 || slabChunks < 1 || maxChunks < slabChunks) {
            throw new IllegalArgumentException("lanes=" + lanes + " slab=" + slabChunks + " max=" + maxChunks);
        }
        this.lanes = lanes;
        this.slabChunks = slabChunks;
        this.maxChunks = maxChunks;
        this.free = new MpmcArrayQueue<>(maxChunks);
        recycle(grow());
    }

    /** A chunk with one reference, or null when the pool is exhausted and at its bound. */
    public Chunk acquire() {
        Chunk c = free.relaxedPoll();
        if (c == null) c = free.poll();
        if (c == null) {
            c = grow();
            if (c == null) return null;
        }
        c.reset();
        return c;
    }

    void recycle(Chunk c) {
        free.offer(c);
    }

    /** Chunks that exist (free or in use). */
    public int allocated() {
        return allocated;
    }

    /** Chunks free right now (approximate while others run). */
    public int available() {
        return free.size();
    }

    public int lanes() {
        return lanes;
    }

    /** Adds a slab; returns one of its chunks to the caller and frees the others. */
    private synchronized Chunk grow() {
        Chunk c = free.poll(); // another thread may have grown the pool meanwhile
        if (c != null) return c;
        if (allocated + slabChunks > maxChunks) return null;
        ByteBuffer slab = ByteBuffer.allocateDirect(slabChunks * Chunk.STRIDE);
        slabs.add(slab);
        Pointer base = Native.getDirectBufferPointer(slab);
        Chunk first = null;
        for (int i = 0; i < slabChunks; i++) {
            int offset = i * Chunk.STRIDE;
            ByteBuffer data = slab.slice(offset, Chunk.CAPACITY);
            Chunk chunk = new Chunk(this, base.share(offset, Chunk.CAPACITY), data, lanes);
            if (first == null) first = chunk;
            else free.offer(chunk);
        }
        allocated += slabChunks;
        return first;
    }
}
