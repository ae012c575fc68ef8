package io.sluice.stream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fixed threads and memory of the data plane: receive reactors, send lanes and the chunk pool.
 * Sockets and output queues are spread over the threads round-robin when they are created.
 */
public final class DataPlane implements AutoCloseable {
    private final ChunkPool pool;
    private final ReceiveReactor[] reactors;
    private final SendLane[] lanes;
    private final AtomicInteger nextReactor = new AtomicInteger();
    private final AtomicInteger nextLane = new AtomicInteger();

    /**
     * @param reactorThreads receive threads ({@code sluice-srt-N})
     * @param laneThreads send threads ({@code sluice-send-N})
     * @param slabChunks chunk pool growth step
     * @param maxChunks chunk pool bound
     */
    public DataPlane(int reactorThreads, int laneThreads, int slabChunks, int maxChunks) {
        // Chunk views: one per lane (0..lanes-1), then one per reactor for its direct sends.
        this.pool = new ChunkPool(laneThreads + reactorThreads, slabChunks, maxChunks);
        this.reactors = new ReceiveReactor[reactorThreads];
        this.lanes = new SendLane[laneThreads];
        for (int i = 0; i < reactorThreads; i++) reactors[i] = new ReceiveReactor(i, laneThreads + i);
        for (int i = 0; i < laneThreads; i++) lanes[i] = new SendLane(i);
        for (ReceiveReactor r : reactors) r.start();
        for (SendLane l : lanes) l.start();
    }

    public ChunkPool pool() {
        return pool;
    }

    /** The next reactor, round-robin. */
    public ReceiveReactor reactor() {
        return reactors[Math.floorMod(nextReactor.getAndIncrement(), reactors.length)];
    }

    /** The next send lane, round-robin. */
    public SendLane lane() {
        return lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)];
    }

    /** True while every reactor thread runs. */
    public boolean isAlive() {
        for (ReceiveReactor r : reactors) if (!r.isAlive()) return false;
        return true;
    }

    public int reactorCount() {
        return reactors.length;
    }

    public int laneCount() {
        return lanes.length;
    }

    @Override
    public void close() {
        for (ReceiveReactor r : reactors) r.close();
        for (SendLane l : lanes) l.close();
    }
}
