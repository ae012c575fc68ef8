package io.sluice.output.srt;

import com.sun.jna.Pointer;
import io.sluice.events.EventSink;
import io.sluice.output.Output;
import io.sluice.output.OutputLink;
import io.sluice.srt.PendingHandshakes;
import io.sluice.srt.SrtEpoll;
import io.sluice.srt.SrtSocket;
import io.sluice.srt.jna.SrtListenCallback;
import io.sluice.stream.Chunk;
import io.sluice.stream.DataPlane;
import io.sluice.stream.ReceiveReactor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Listens on a port; any number of decoders connect (as SRT callers) and each receives the live stream
 * from the moment it joins ({@link ReaderSet}). A listen callback admits every caller and notes it, so that
 * one libsrt then refuses (a passphrase that does not match) is reported ({@link PendingHandshakes}).
 *
 * <p>Threads: the callback runs on libsrt's handshake thread, accepts on the reactor, open/close on the
 * output's runner.
 */
public final class SrtListenerOutput implements Output {
    private static final int BACKLOG = 32;

    private final SrtOutputSettings settings;
    private final DataPlane plane;
    private final ReaderSet readers;
    private final PendingHandshakes<String> handshakes;
    private final SrtListenCallback admission = this::admit;

    private volatile SrtSocket listener;
    private volatile ReceiveReactor reactor;
    private volatile String via = "a listener output";

    /** @param control runs the check of admitted handshakes */
    public SrtListenerOutput(
            String ingest,
            String id,
            SrtOutputSettings settings,
            DataPlane plane,
            EventSink events,
            ScheduledExecutorService control) {
        if (settings.caller()) throw new IllegalArgumentException("not a listener: " + settings);
        this.settings = settings;
        this.plane = plane;
        this.readers = new ReaderSet(ingest, id, events);
        this.handshakes = new PendingHandshakes<>(
                control,
                (peer, how) -> ReaderSet.refused(events, ingest, id, peer, how, settings.passphrase() != null));
    }

    /** libsrt's thread, mid-handshake: every reader is welcome; libsrt checks the passphrase afterwards. */
    private int admit(Pointer opaque, int socket, int hsVersion, Pointer peer, String streamId) {
        try {
            handshakes.admitted(SrtSocket.address(peer), via);
        } catch (Throwable ignored) {
            // noting the attempt is best effort; the reader is admitted either way
        }
        return 0;
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
            via = "port " + socket.local().getPort();
            socket.listenCallback(admission);
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
        if (s == null) return;
        handshakes.accepted(s.acceptedFrom());
        readers.add(s, reactor);
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
