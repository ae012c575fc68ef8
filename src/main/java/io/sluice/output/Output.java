package io.sluice.output;

import io.sluice.srt.SrtSocket;
import io.sluice.stream.Chunk;
import java.util.List;

/**
 * One destination protocol: how to connect and how to send a chunk. Retry, backoff, state and counters
 * are not here but in the one {@link OutputRunner} that drives every output.
 */
public interface Output {
    /**
     * Starts a connection attempt; called on a control thread, never concurrently with itself. Report the
     * outcome through {@code link}, now or later (from any thread): {@link OutputLink#connected()} or
     * {@link OutputLink#failed(String)}. Throwing counts as failing with the exception's message.
     */
    void open(OutputLink link) throws Exception;

    /**
     * Sends one chunk. Called on the output's send lane thread, only after {@code connected()}; must not
     * block and must not keep the chunk (see {@link io.sluice.stream.ChunkSink}).
     *
     * @return true if sent, false if dropped because the destination cannot take it now
     * @throws Exception when the connection is broken; the runner then closes it and retries
     */
    boolean send(Chunk chunk, int lane) throws Exception;

    /** Closes the current connection, if any; the runner may {@link #open} again. Any thread, idempotent. */
    void close();

    /** The local port this output listens on, or -1. */
    default int boundPort() {
        return -1;
    }

    /** Decoders pulling from a listener output; empty for others. */
    default List<ReaderInfo> readers() {
        return List.of();
    }

    /** Packets lost at the destination side of this output (e.g. per-reader sends refused). */
    default long extraDrops() {
        return 0;
    }

    /** The SRT socket of a caller output while connected, for statistics; null otherwise. */
    default SrtSocket srtSocket() {
        return null;
    }

    /** The SRT sockets of the readers of a listener output, for statistics; empty for others. */
    default List<SrtSocket> readerSockets() {
        return List.of();
    }

    /** A reader of a listener output; {@code socket} identifies its SRT statistics. */
    record ReaderInfo(String peer, java.time.Instant connectedAt, long packetsSent, long packetsDropped, int socket) {}
}
