package io.sluice.output.srt;

import io.sluice.events.EventSink;
import io.sluice.output.Output;
import io.sluice.output.OutputLink;
import io.sluice.srt.SrtEpoll;
import io.sluice.srt.SrtSocket;
import io.sluice.stream.Chunk;
import io.sluice.stream.DataPlane;
import io.sluice.stream.ReceiveReactor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Listens on a port; any number of decoders connect (as SRT callers) and each receives the live stream
 * from the moment it joins ({@link ReaderSet}).
 */
public final class SrtListenerOutput implements Output {
    private static final int BACKLOG = 32;

    private final SrtOutputSettings settings;
    private final DataPlane plane;
    private final ReaderSet readers;

    private volatile SrtSocket listener;
    private volatile ReceiveReactor reactor;

    public SrtListenerOutput(String ingest, String id, SrtOutputSettings settings, DataPlane plane, EventSink events) {
        if (settings.caller()) throw new IllegalArgumentException("not a listener: " + settings);
        this.settings = settings;
        this.plane = plane;
        this.readers = new ReaderSet(ingest, id, events);
    }

    @Override
    public void open(OutputLink link) throws Exception {
        InetAddress bindTo =
                settings.host().isEmpty() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(settings.host());
        SrtSocket socket = SrtSocket.create();
        ReceiveReactor r = plane.reactor();
        try {
            settings.applyTo(socket);
            socket.bind(new InetSocketAddress(bindTo, settings.port()));
            socket.listen(BACKLOG);
            listener = socket;
            reactor = r;
            r.register(socket, SrtEpoll.IN | SrtEpoll.ERR, this::onReady);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        link.connected();
    }

    /** Reactor thread: one accept per readiness event (level-triggered: the next one fires again). */
    private void onReady(int ready) {
        SrtSocket l = listener;
        if (l == null) return;
        SrtSocket s = l.accept();
        if (s != null) readers.add(s, reactor);
    }

    @Override
    public boolean send(Chunk chunk, int lane) {
        readers.send(chunk);
        return true;
    }

    @Override
    public void close() {
        SrtSocket l;
        synchronized (this) {
            l = listener;
            listener = null;
        }
        ReceiveReactor re = reactor;
        if (l != null) {
            if (re != null) re.deregister(l);
            l.close();
        }
        readers.clear();
    }

    @Override
    public int boundPort() {
        SrtSocket l = listener;
        return l == null ? settings.port() : l.local().getPort();
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
