package io.sluice.output.srt;

import io.sluice.events.EventSink;
import io.sluice.output.Output;
import io.sluice.output.OutputLink;
import io.sluice.srt.SrtSocket;
import io.sluice.stream.Chunk;
import io.sluice.stream.ReceiveReactor;
import java.util.List;

/**
 * The readers of an ingest that arrived on the shared port ({@code m=request}, {@code read:<ingest>}): an
 * output without a socket of its own, to which the shared port hands each accepted reader.
 */
public final class SharedReadersOutput implements Output {
    /** The output id under which shared-port readers show in an ingest's outputs and stats. */
    public static final String ID = "shared-port";

    private final ReaderSet readers;

    public SharedReadersOutput(String ingest, EventSink events) {
        this.readers = new ReaderSet(ingest, ID, events);
    }

    /** Adds a reader accepted on the shared port. */
    public void add(SrtSocket socket, ReceiveReactor reactor) {
        readers.add(socket, reactor);
    }

    @Override
    public void open(OutputLink link) {
        link.connected();
    }

    @Override
    public boolean send(Chunk chunk, int lane) {
        readers.send(chunk);
        return true;
    }

    @Override
    public void close() {
        readers.clear();
    }

    @Override
    public List<ReaderInfo> readers() {
        return readers.info();
    }

    @Override
    public long extraDrops() {
        return readers.drops();
    }

    @Override
    public List<SrtSocket> readerSockets() {
        return readers.sockets();
    }
}
