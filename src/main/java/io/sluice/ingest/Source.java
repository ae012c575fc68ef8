package io.sluice.ingest;

import com.sun.jna.Memory;
import io.sluice.access.Cidr;
import io.sluice.access.StreamId.Rejected;
import io.sluice.events.Event;
import io.sluice.events.EventType;
import io.sluice.srt.PendingHandshakes;
import io.sluice.srt.SrtEpoll;
import io.sluice.srt.SrtException;
import io.sluice.srt.SrtOption;
import io.sluice.srt.SrtSocket;
import io.sluice.srt.SrtSocketState;
import io.sluice.stream.Chunk;
import io.sluice.stream.ChunkPool;
import io.sluice.stream.ReceiveReactor;
import io.sluice.ts.MediaSnapshot;
import io.sluice.ts.TsAnalyzer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One source of an ingest (its primary, or its backup): a slot for one publisher — an encoder that called
 * the source's dedicated port or the shared port, or a remote listener this source called — whose payloads
 * are received into pooled chunks, analysed, and handed to the ingest's {@link SourceSelector}, which
 * forwards those of the active source to the stream.
 *
 * <p>Admission ({@link #admit}) decides from volatile state only: the peer must be on the allowlist, and
 * a second publisher is refused while the first is live — unless the first has been silent for longer
 * than the takeover time (an encoder reconnecting after a crash replaces its dead connection instead of
 * being refused as busy). {@link #configure} applies the ingest's current latency and encryption to a
 * pending connection, so that changes apply to the next connection and never cut the live one.
 *
 * <p>Threads: {@link #admit} and {@link #configure} run on libsrt's handshake thread; {@link #attach} on
 * the thread that accepted or connected; the receive path on the ingest's reactor thread (the same for
 * both sources, so that the selector is single-threaded); state is volatile for the control plane.
 */
public final class Source implements AutoCloseable, FailoverController.Probe {
    private static final Logger LOG = Logger.getLogger(Source.class);
    /** Payloads read per readiness event before yielding to other sockets of the reactor. */
    private static final int RECEIVE_BURST = 32;

    /** Index of the primary source. */
    public static final int PRIMARY = 0;
    /** Index of the backup source. */
    public static final int BACKUP = 1;

    private final String ingest;
    /** {@link #PRIMARY} or {@link #BACKUP}. */
    private final int index;

    private final String role;
    private final SourceSelector selector;
    private final SourceContext context;
    private final ChunkPool pool;
    private final ReceiveReactor reactor;
    private final long takeoverNanos;
    /** Where payloads go when the pool is exhausted (reactor thread only). */
    private final Memory discard = new Memory(Chunk.CAPACITY);
    /** srt_bistats scratch of {@link #silentNanos} (the failover tick's). */
    private final Memory arrivalStats = new Memory(io.sluice.srt.SrtStats.STRUCT_SIZE);

    private volatile IngestSpec spec;
    private volatile Publisher publisher;
    /** An error of the way publishers arrive (port not bindable, remote listener unreachable), or null. */
    private volatile String entryError;

    private volatile boolean closed;
    private volatile long poolDrops;
    /** Publishers refused by {@link #admit} or, after admission, by libsrt; any thread. */
    private final AtomicLong refusedPublishers = new AtomicLong();
    /** The analyzer of the current (or last) publisher's stream; a new one per connection. */
    private volatile TsAnalyzer analyzer = new TsAnalyzer();
    /** Continuity errors of previous connections, so that the total never goes down. */
    private volatile long earlierContinuityErrors;

    /** Publisher handshakes let in by {@link #admit}, until accepted; tagged with how they arrived. */
    private final PendingHandshakes<String> handshakes;

    /** Called when the publisher goes (caller sources reconnect); reactor thread. */
    private volatile Runnable onPublisherGone = () -> {};

    /**
     * @param index {@link #PRIMARY} or {@link #BACKUP}
     * @param reactor the ingest's reactor: both sources receive on it
     */
    Source(
            String ingest,
            int index,
            IngestSpec spec,
            SourceSelector selector,
            ReceiveReactor reactor,
            SourceContext context,
            Duration takeoverAfter) {
        this.ingest = ingest;
        this.index = index;
        this.role = roleName(index);
        this.spec = spec;
        this.selector = selector;
        this.context = context;
        this.pool = context.plane().pool();
        this.reactor = reactor;
        this.takeoverNanos = takeoverAfter.toNanos();
        this.handshakes = new PendingHandshakes<>(context.control(), this::handshakeRefused);
    }

    /** "primary" or "backup": the source's name in JSON, events and meters. */
    public static String roleName(int index) {
        return index == PRIMARY ? "primary" : "backup";
    }

    // ---- admission (libsrt's handshake thread; O(1), volatile state only) ----

    /**
     * Throws {@link Rejected} (with the reject code and reason, after publishing a
     * {@code publisher.rejected} event) unless a publisher from {@code peer} may connect now.
     *
     * @param via how it arrives, for events: "port 10005", "shared port"
     */
    void admit(InetSocketAddress peer, String via) {
        String who = describe(peer);
        if (closed) throw reject(who, via, Rejected.NOTFOUND, "the ingest is being deleted");
        IngestSpec s = spec;
        if (peer != null && !Cidr.allows(s.allowedCidrs(), peer.getAddress())) {
            throw reject(who, via, Rejected.FORBIDDEN, who + " is not in the allowlist " + s.allowedCidrs());
        }
        Publisher p = publisher;
        if (p != null) {
            long silentNanos = System.nanoTime() - p.lastPacketNanos;
            if (silentNanos < takeoverNanos) {
                throw reject(who, via, Rejected.CONFLICT, "another publisher is live (" + p.peer + ")");
            }
            LOG.infof(
                    "[ingest %s] %s source: %s may replace %s, silent for %d ms",
                    ingest, role, who, p.peer, silentNanos / 1_000_000);
        }
    }

    private Rejected reject(String who, String via, int code, String reason) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("peer", who);
        d.put("via", via);
        d.put("reason", reason);
        d.put("rejectReason", code);
        refusedPublishers.incrementAndGet();
        context.events().publish(event(EventType.PUBLISHER_REJECTED, d));
        LOG.infof("[ingest %s] %s source: refused %s on %s: %s", ingest, role, who, via, reason);
        return new Rejected(code, reason);
    }

    /**
     * libsrt's handshake thread, after {@link #admit} and {@link #configure} let a publisher from {@code peer}
     * in: libsrt may still refuse the connection after the callback — a passphrase that does not match is
     * found only then, out of Sluice's sight. If no connection from {@code peer} is attached within
     * {@link PendingHandshakes#GRACE_MILLIS}, a {@code publisher.rejected} event says what most likely
     * happened.
     */
    void admitted(InetSocketAddress peer, String via) {
        handshakes.admitted(peer, via);
    }

    /** Control plane: an admitted handshake that never became a connection. */
    private void handshakeRefused(InetSocketAddress peer, String via) {
        if (closed) return;
        String who = describe(peer);
        String reason = PendingHandshakes.likelyCause("publisher", spec.encrypted());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("peer", who);
        d.put("via", via);
        d.put("reason", reason);
        d.put("stage", "handshake");
        refusedPublishers.incrementAndGet();
        context.events().publish(event(EventType.PUBLISHER_REJECTED, d));
        LOG.infof("[ingest %s] %s source: %s on %s did not connect: %s", ingest, role, who, via, reason);
    }

    /** Latency and encryption of one connection, set on its socket before the handshake concludes. */
    void configure(int pendingSocket) {
        IngestSpec s = spec;
        SrtSocket.setFlag(pendingSocket, SrtOption.LATENCY, s.latency());
        if (s.passphrase() != null) {
            SrtSocket.setFlag(pendingSocket, SrtOption.PASSPHRASE, s.passphrase());
            if (s.pbKeyLen() != 0) SrtSocket.setFlag(pendingSocket, SrtOption.PBKEYLEN, s.pbKeyLen());
        }
    }

    // ---- publishers ----

    /**
     * Makes {@code socket} (connected, non-blocking) this source's publisher, replacing a silent one.
     * Called on the thread that accepted or connected it; the receive path runs on the reactor.
     */
    void attach(SrtSocket socket, String via) {
        attach(socket, via, null);
    }

    /** As {@link #attach(SrtSocket, String)}, naming the peer when it is known (a remote this source called). */
    void attach(SrtSocket socket, String via, InetSocketAddress knownPeer) {
        InetSocketAddress peer = knownPeer != null ? knownPeer : socket.remote();
        handshakes.accepted(peer); // the handshake succeeded, whatever happens next
        if (closed || socket.state() != SrtSocketState.CONNECTED) { // deleted, or gone already
            socket.close();
            return;
        }
        String who = describe(peer);
        TsAnalyzer fresh = new TsAnalyzer();
        Publisher p = new Publisher(socket, who, via, Instant.now(), fresh);
        p.lastPacketNanos = System.nanoTime();
        Publisher old;
        synchronized (this) {
            old = publisher;
            publisher = p;
            earlierContinuityErrors += analyzer.continuityErrors();
            analyzer = fresh;
        }
        if (old != null) gone(old, "replaced by " + who);
        reactor.register(socket, SrtEpoll.IN | SrtEpoll.ERR, ev -> onPublisherEvent(p, ev));
        LOG.infof("[ingest %s] %s publisher connected from %s (%s)", ingest, role, who, via);
        context.events().publish(event(EventType.PUBLISHER_CONNECTED, Map.of("peer", who, "via", via)));
        context.onStateChange().run();
    }

    /** Reactor thread: the hot path. Receives into pooled chunks, analyses them, hands them to the selector. */
    private void onPublisherEvent(Publisher p, int events) {
        if (p.input < 0) p.input = selector.connected(index); // its first readiness: a splice input of its own
        for (int i = 0; i < RECEIVE_BURST; i++) {
            Chunk c = pool.acquire();
            int n;
            try {
                if (c == null) {
                    n = p.socket.receive(discard, Chunk.CAPACITY);
                    if (n >= 0) poolDrops = poolDrops + 1;
                    if (n == SrtSocket.AGAIN) return;
                    continue;
                }
                n = p.socket.receive(c.pointer(), Chunk.CAPACITY);
            } catch (SrtException e) {
                if (c != null) c.release();
                publisherGone(p, e.error().name());
                return;
            }
            if (n == SrtSocket.AGAIN) {
                c.release();
                if ((events & SrtEpoll.ERR) != 0 && p.socket.state().isGone()) publisherGone(p, "broken");
                return;
            }
            long now = System.nanoTime();
            p.lastPacketNanos = now;
            c.length(n);
            c.receivedNanos(now);
            p.analyzer.accept(c.data(), 0, n, now); // ~25 ns per TS packet, allocation-free
            selector.deliver(p.input, c);
        }
    }

    private void publisherGone(Publisher p, String why) {
        synchronized (this) {
            if (publisher != p) return;
            publisher = null;
        }
        gone(p, why);
        onPublisherGone.run();
    }

    private void gone(Publisher p, String why) {
        reactor.deregister(p.socket);
        p.socket.close();
        long seconds = Duration.between(p.since, Instant.now()).toSeconds();
        LOG.infof("[ingest %s] %s publisher %s disconnected after %d s (%s)", ingest, role, p.peer, seconds, why);
        context.events()
                .publish(event(
                        EventType.PUBLISHER_DISCONNECTED,
                        Map.of("peer", p.peer, "reason", why, "connectedSeconds", seconds)));
        context.onStateChange().run();
    }

    // ---- entry errors (the dedicated port, the remote listener) ----

    /** Records why publishers cannot arrive (null clears it); publishes a {@code source.error} event when set. */
    void entryError(String error) {
        String before = entryError;
        entryError = error;
        if (error != null && !error.equals(before)) {
            context.events().publish(event(EventType.SOURCE_ERROR, Map.of("error", error)));
        }
        if (!java.util.Objects.equals(before, error)) context.onStateChange().run();
    }

    void onPublisherGone(Runnable action) {
        this.onPublisherGone = action;
    }

    /** New settings for the next connection; the live one is not touched. */
    void update(IngestSpec newSpec) {
        this.spec = newSpec;
    }

    // ---- status (any thread) ----

    public SourceState state() {
        if (publisher != null) return SourceState.CONNECTED;
        return entryError != null ? SourceState.ERROR : SourceState.WAITING;
    }

    /** Why the source cannot work, or null. */
    public String error() {
        return publisher == null ? entryError : null;
    }

    public String role() {
        return role;
    }

    /** Publishers refused so far: by admission (allowlist, a live publisher) or by libsrt after it. */
    public long refusedPublishers() {
        return refusedPublishers.get();
    }

    /** {@link #PRIMARY} or {@link #BACKUP}. */
    public int index() {
        return index;
    }

    public String peer() {
        Publisher p = publisher;
        return p == null ? null : p.peer;
    }

    public Instant connectedAt() {
        Publisher p = publisher;
        return p == null ? null : p.since;
    }

    @Override
    public boolean connected() {
        return publisher != null;
    }

    /**
     * Nanoseconds since the publisher last sent anything, as seen at the socket: libsrt counts data packets
     * as they arrive, one SRT latency (the TSBPD delay) before it hands over the payloads they carry, so an
     * encoder that stops is seen that much sooner than by its last payload (to within one call). Packets
     * that arrive but never become payloads (undecryptable, say) do not hide a silence for long: the time
     * since the last payload, less the latency, counts too; the larger of the two is the silence.
     *
     * <p>Failover tick only (this ingest's control task, never concurrent): it owns {@link #arrivalStats}.
     */
    @Override
    public long silentNanos(long nowNanos) {
        Publisher p = publisher;
        if (p == null) return Long.MAX_VALUE;
        long sincePayload = nowNanos - p.lastPacketNanos;
        try {
            long arrived = p.socket.packetsReceived(arrivalStats);
            if (arrived != p.arrivals) {
                p.arrivals = arrived;
                p.lastArrivalNanos = nowNanos;
            }
        } catch (SrtException e) {
            return sincePayload; // closing: the receive path will notice
        }
        if (p.lastArrivalNanos == 0) return sincePayload;
        return Math.max(
                nowNanos - p.lastArrivalNanos, sincePayload - spec.latency().toNanos());
    }

    /** The first video stream's keyframe interval as measured, ns; 0 when not known. Allocates (a snapshot). */
    @Override
    public long keyframeIntervalNanos(long nowNanos) {
        if (publisher == null) return 0;
        for (io.sluice.ts.StreamInfo s : analyzer.snapshot(nowNanos).streams()) {
            if ("video".equals(s.kind()) && s.keyframeIntervalSeconds() != null) {
                return (long) (s.keyframeIntervalSeconds() * 1e9);
            }
        }
        return 0;
    }

    /** Milliseconds since the publisher's last payload, or -1 without a publisher. */
    public long silentMillis() {
        Publisher p = publisher;
        return p == null ? -1 : (System.nanoTime() - p.lastPacketNanos) / 1_000_000;
    }

    /** The publisher's socket while connected (for statistics), else null. */
    public SrtSocket publisherSocket() {
        Publisher p = publisher;
        return p == null ? null : p.socket;
    }

    /** Media analysis of the current (or, after it left, the last) publisher's stream. */
    public MediaSnapshot media(long nowNanos) {
        return analyzer.snapshot(nowNanos);
    }

    /** Continuity errors of every connection so far (monotonic, for counters). Cheap. */
    @Override
    public long continuityErrorsTotal() {
        return earlierContinuityErrors + analyzer.continuityErrors();
    }

    /** Transport-stream bitrate of the current publisher over the last ~1 s, bits/s; 0 without one. Cheap. */
    @Override
    public long bitrateBps(long nowNanos) {
        return publisher == null ? 0 : analyzer.bitrateBps(nowNanos);
    }

    /**
     * {@link System#nanoTime()} of the current publisher's last video packet; 0 if it has sent none (or its
     * PMT declares no video now). Cheap.
     */
    @Override
    public long lastVideoNanos() {
        return publisher == null ? 0 : analyzer.lastVideoNanos();
    }

    /** Payloads discarded because the chunk pool was exhausted. */
    public long poolDrops() {
        return poolDrops;
    }

    IngestSpec spec() {
        return spec;
    }

    /** The reactor that serves this source (readers of the shared port reuse it for breakage events). */
    ReceiveReactor reactorForReaders() {
        return reactor;
    }

    @Override
    public void close() {
        closed = true;
        Publisher p;
        synchronized (this) {
            p = publisher;
            publisher = null;
        }
        if (p != null) {
            reactor.deregister(p.socket);
            p.socket.close();
        }
    }

    private Event event(EventType type, Map<String, Object> details) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", role);
        d.putAll(details);
        return Event.of(type, ingest, null, d);
    }

    static String describe(InetSocketAddress a) {
        if (a == null) return "unknown";
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The connected publisher; {@code lastPacketNanos} is written by the reactor thread per payload. */
    private static final class Publisher {
        final SrtSocket socket;
        final String peer;
        final String via;
        final Instant since;
        /** Reactor thread only (the analyzer's own rule). */
        final TsAnalyzer analyzer;
        /** Its input of the ingest's splicer, −1 until its first payload (reactor thread only). */
        int input = -1;
        /** Data packets libsrt had counted at the last failover tick, and when that count last moved. */
        long arrivals = -1;

        long lastArrivalNanos;

        volatile long lastPacketNanos;

        Publisher(SrtSocket socket, String peer, String via, Instant since, TsAnalyzer analyzer) {
            this.socket = socket;
            this.peer = peer;
            this.via = via;
            this.since = since;
            this.analyzer = analyzer;
        }
    }
}
