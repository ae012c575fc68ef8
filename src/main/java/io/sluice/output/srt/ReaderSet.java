package io.sluice.output.srt;

import io.sluice.events.Event;
import io.sluice.events.EventSink;
import io.sluice.events.EventType;
import io.sluice.output.Output.ReaderInfo;
import io.sluice.srt.PendingHandshakes;
import io.sluice.srt.SrtEpoll;
import io.sluice.srt.SrtException;
import io.sluice.srt.SrtSocket;
import io.sluice.stream.Chunk;
import io.sluice.stream.ReceiveReactor;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Decoders pulling the live stream over SRT (readers of a listener output, or of the shared port): each
 * gets every chunk from the moment it joins; one that cannot keep up loses its own packets (counted per
 * reader); one that disconnects is forgotten.
 *
 * <p>Threads: {@link #add} from the accepting thread, {@link #send} from the output's lane, removal from
 * the reactor (breakage) or the lane (send failure). The reader list is an immutable array swapped under
 * this object's lock, so the lane iterates a snapshot without locking.
 */
public final class ReaderSet {
    private static final Logger LOG = Logger.getLogger(ReaderSet.class);

    private final String ingest;
    private final String output;
    private final String label;
    private final EventSink events;
    private volatile Reader[] readers = new Reader[0];
    /** Drops of readers that have left, so that the total never goes down. */
    private volatile long departedDrops;

    public ReaderSet(String ingest, String output, EventSink events) {
        this.ingest = ingest;
        this.output = output;
        this.label = "[ingest " + ingest + "] output " + output;
        this.events = events;
    }

    /** Adds a connected, non-blocking socket as a reader; {@code reactor} reports its breakage. */
    public void add(SrtSocket socket, ReceiveReactor reactor) {
        Reader r = new Reader(socket, describe(socket.remote()), Instant.now(), reactor);
        synchronized (this) {
            Reader[] cur = readers;
            Reader[] next = Arrays.copyOf(cur, cur.length + 1);
            next[cur.length] = r;
            readers = next;
        }
        reactor.register(socket, SrtEpoll.ERR, ev -> remove(r, "disconnected"));
        LOG.infof("%s: reader %s connected (%d now)", label, r.peer, readers.length);
        events.publish(Event.of(EventType.READER_CONNECTED, ingest, output, Map.of("peer", r.peer)));
    }

    /**
     * Reports a reader that libsrt refused after admission ({@link PendingHandshakes}): a
     * {@code reader.rejected} event and a log line.
     *
     * @param encrypted whether the stream it asked for is encrypted
     */
    public static void refused(
            EventSink events, String ingest, String output, InetSocketAddress peer, String via, boolean encrypted) {
        String reason = PendingHandshakes.likelyCause("reader", encrypted);
        String who = describe(peer);
        LOG.infof("[ingest %s] output %s: reader %s on %s did not connect: %s", ingest, output, who, via, reason);
        events.publish(
                Event.of(EventType.READER_REJECTED, ingest, output, Map.of("peer", who, "via", via, "reason", reason)));
    }

    /** Lane thread: one non-blocking send per reader. Allocates nothing. */
    public void send(Chunk chunk) {
        for (Reader r : readers) {
            try {
                if (r.socket.send(chunk.pointer(), chunk.length()) == SrtSocket.AGAIN) {
                    r.dropped = r.dropped + 1;
                } else {
                    r.sent = r.sent + 1;
                }
            } catch (SrtException e) {
                remove(r, e.error().name());
            }
        }
    }

    private void remove(Reader r, String why) {
        synchronized (this) {
            Reader[] cur = readers;
            if (Arrays.stream(cur).noneMatch(x -> x == r)) return;
            readers = Arrays.stream(cur).filter(x -> x != r).toArray(Reader[]::new);
            departedDrops += r.dropped;
        }
        r.reactor.deregister(r.socket);
        r.socket.close();
        LOG.infof("%s: reader %s left (%s) after %d packets", label, r.peer, why, r.sent);
        events.publish(Event.of(EventType.READER_DISCONNECTED, ingest, output, Map.of("peer", r.peer, "reason", why)));
    }

    /** Disconnects every reader. */
    public void clear() {
        Reader[] gone;
        synchronized (this) {
            gone = readers;
            readers = new Reader[0];
        }
        for (Reader r : gone) {
            r.reactor.deregister(r.socket);
            r.socket.close();
        }
    }

    public List<ReaderInfo> info() {
        List<ReaderInfo> out = new ArrayList<>();
        for (Reader r : readers) out.add(new ReaderInfo(r.peer, r.since, r.sent, r.dropped, r.socket.id()));
        return out;
    }

    /** Packets lost by readers, present and departed. */
    public long drops() {
        long sum = departedDrops;
        for (Reader r : readers) sum += r.dropped;
        return sum;
    }

    /** The readers' SRT sockets, for statistics. */
    public List<SrtSocket> sockets() {
        return Arrays.stream(readers).map(r -> r.socket).toList();
    }

    public int size() {
        return readers.length;
    }

    private static final class Reader {
        final SrtSocket socket;
        final String peer;
        final Instant since;
        final ReceiveReactor reactor;
        // Written by the lane thread only.
        volatile long sent;
        volatile long dropped;

        Reader(SrtSocket socket, String peer, Instant since, ReceiveReactor reactor) {
            this.socket = socket;
            this.peer = peer;
            this.since = since;
            this.reactor = reactor;
        }
    }

    private static String describe(InetSocketAddress a) {
        if (a == null) return "unknown";
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
