package io.sluice.stream;

/**
 * Where an {@link OutputQueue} delivers: an output's send step.
 *
 * <p>Called one chunk at a time, in order, by one thread at a time: the queue's {@link SendLane}, or — when
 * {@link #sendsWithoutBlocking()} and the queue is empty — the publishing receive thread itself (see
 * {@link OutputQueue}). It must not block (non-blocking sockets only) and must not keep the chunk after
 * returning unless it {@link Chunk#retain(int) retains} it: the caller releases its reference right after.
 */
@FunctionalInterface
public interface ChunkSink {
    /**
     * @param chunk the payload, read-only
     * @param lane the calling lane's number, for {@link Chunk#view(int)}
     */
    void deliver(Chunk chunk, int lane);

    /**
     * True when {@link #deliver} is a non-blocking send that the receive thread may call directly (SRT and
     * UDP sockets). False keeps every delivery on the lane thread (anything that could block or take long).
     */
    default boolean sendsWithoutBlocking() {
        return false;
    }
}
