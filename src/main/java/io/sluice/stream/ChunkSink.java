package io.sluice.stream;

/**
 * Where an {@link OutputQueue} delivers: an output's send step.
 *
 * <p>Called on the queue's {@link SendLane} thread, one chunk at a time, in order. It must not block
 * (non-blocking sockets only) and must not keep the chunk after returning unless it {@link
 * Chunk#retain(int) retains} it: the lane releases its reference right after the call.
 */
@FunctionalInterface
public interface ChunkSink {
    /**
     * @param chunk the payload, read-only
     * @param lane the calling lane's number, for {@link Chunk#view(int)}
     */
    void deliver(Chunk chunk, int lane);
}
