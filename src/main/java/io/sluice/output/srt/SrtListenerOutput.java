package io.sluice.output.srt;

import io.sluice.events.Event;
import io.sluice.events.EventSink;
import io.sluice.events.EventType;
import io.sluice.output.Output;
import io.sluice.output.OutputLink;
import io.sluice.srt.SrtEpoll;
import io.sluice.srt.SrtException;
import io.sluice.srt.SrtSocket;
import io.sluice.stream.Chunk;
import io.sluice.stream.DataPlane;
import io.sluice.stream.ReceiveReactor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Listens on a port; any number of decoders connect (as SRT callers) and each receives the live stream
 * from the moment it joins. A reader that cannot keep up loses its own packets (counted per reader); a
 * reader that disconnects is forgotten.
 */
public final class SrtListenerOutput implements Output {
    private static final Logger LOG = Logger.getLogger(SrtListenerOutput.class);
    private static final int BACKLOG = 32;

    private final String ingest;
    private final String id;
    private final String label;
    private final SrtOutputSettings settings;
    private final DataPlane plane;
    private final EventSink events;

    private volatile SrtSocket listener;
    private volatile ReceiveReactor reactor;
    /** Copy-on-write; the lane iterates a snapshot. Guarded by {@code this} for changes. */
    private volatile Reader[] readers = new Reader[0];
    /** Drops of readers that have left, so that the total never goes down. */
    private volatile long departedDrops;

    public SrtListenerOutput(String ingest, String id, SrtOutputSettings settings, DataPlane plane, EventSink events) {
        if (settings.caller()) throw new IllegalArgumentException("not a listener: " + settings);
        this.ingest = ingest;
        this.id = id;
        this.label = "[ingest " + ingest + "] output " + id;
        this.settings = settings;
        this.plane = plane;
        this.events = events;
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
            r.register(socket, SrtEpoll.IN | SrtEpoll.ERR, this::onListenerEvent);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        link.connected();
    }

    /** Reactor thread: accept a pending reader (level-triggered: the next one fires again). */
    private void onListenerEvent(int ready) {
        SrtSocket l = listener;
        if (l == null) return;
        SrtSocket s = l.accept();
        if (s != null) {
            Reader reader = new Reader(s, String.valueOf(describe(s.peer())), Instant.now());
            addReader(reader);
            reactor.register(s, SrtEpoll.ERR, ev -> removeReader(reader, "disconnected"));
            LOG.infof("%s: reader %s connected (%d now)", label, reader.peer, readers.length);
            events.publish(Event.of(EventType.READER_CONNECTED, ingest, id, Map.of("peer", reader.peer)));
        }
    }

    @Override
    public boolean send(Chunk chunk, int lane) {
        for (Reader r : readers) {
            try {
                if (r.socket.send(chunk.pointer(), chunk.length()) == SrtSocket.AGAIN) {
                    r.dropped = r.dropped + 1;
                } else {
                    r.sent = r.sent + 1;
                }
            } catch (SrtException e) {
                removeReader(r, e.error().name());
            }
        }
        return true;
    }

    private synchronized void addReader(Reader r) {
        Reader[] cur = readers;
        Reader[] next = Arrays.copyOf(cur, cur.length + 1);
        next[cur.length] = r;
        readers = next;
    }

    private void removeReader(Reader r, String why) {
        synchronized (this) {
            Reader[] cur = readers;
            if (Arrays.stream(cur).noneMatch(x -> x == r)) return;
            readers = Arrays.stream(cur).filter(x -> x != r).toArray(Reader[]::new);
            departedDrops += r.dropped;
        }
        ReceiveReactor re = reactor;
        if (re != null) re.deregister(r.socket);
        r.socket.close();
        LOG.infof("%s: reader %s left (%s) after %d packets", label, r.peer, why, r.sent);
        events.publish(Event.of(EventType.READER_DISCONNECTED, ingest, id, Map.of("peer", r.peer, "reason", why)));
    }

    @Override
    public void close() {
        SrtSocket l;
        Reader[] gone;
        synchronized (this) {
            l = listener;
            listener = null;
            gone = readers;
            readers = new Reader[0];
        }
        ReceiveReactor re = reactor;
        if (l != null) {
            if (re != null) re.deregister(l);
            l.close();
        }
        for (Reader r : gone) {
            if (re != null) re.deregister(r.socket);
            r.socket.close();
        }
    }

    @Override
    public int boundPort() {
        SrtSocket l = listener;
        if (l == null) return settings.port();
        return l.local().getPort();
    }

    @Override
    public List<ReaderInfo> readers() {
        List<ReaderInfo> out = new ArrayList<>();
        for (Reader r : readers) out.add(new ReaderInfo(r.peer, r.since, r.sent, r.dropped));
        return out;
    }

    @Override
    public long extraDrops() {
        long sum = departedDrops;
        for (Reader r : readers) sum += r.dropped;
        return sum;
    }

    /** SRT sockets of the connected readers, for statistics. */
    public List<SrtSocket> readerSockets() {
        return Arrays.stream(readers).map(r -> r.socket).toList();
    }

    private static final class Reader {
        final SrtSocket socket;
        final String peer;
        final Instant since;
        // Written by the lane thread only.
        volatile long sent;
        volatile long dropped;

        Reader(SrtSocket socket, String peer, Instant since) {
            this.socket = socket;
            this.peer = peer;
            this.since = since;
        }
    }

    private static String describe(InetSocketAddress a) {
        return a == null ? "unknown" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
