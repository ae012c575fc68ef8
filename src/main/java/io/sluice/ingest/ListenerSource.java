package io.sluice.ingest;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.sluice.events.Event;
import io.sluice.events.EventType;
import io.sluice.srt.SrtEpoll;
import io.sluice.srt.SrtException;
import io.sluice.srt.SrtOption;
import io.sluice.srt.SrtReject;
import io.sluice.srt.SrtSocket;
import io.sluice.srt.jna.SrtListenCallback;
import io.sluice.stream.Chunk;
import io.sluice.stream.ChunkPool;
import io.sluice.stream.LiveStream;
import io.sluice.stream.ReceiveReactor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * An ingest's SRT listener on its dedicated port: one publisher (the encoder, an SRT caller) at a time,
 * whose payloads are received into pooled chunks and published to the ingest's {@link LiveStream}.
 *
 * <p>Per-connection settings (latency, passphrase, key length) are applied to each caller in the
 * admission callback from the current {@link IngestSpec}, so a change ({@link #update}) applies to the
 * next connection and never cuts the live one.
 *
 * <p>Threads: the listener and the publisher are served by one reactor thread (accept, receive,
 * disconnect); the admission callback runs on libsrt's thread for the port and reads only volatile
 * state; {@link #start}/{@link #close} and the getters belong to the control plane. A port that cannot be
 * bound puts the source in {@code ERROR} and is retried with backoff.
 */
public final class ListenerSource implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ListenerSource.class);
    private static final int BACKLOG = 8;
    /** Payloads read per readiness event before yielding to other sockets of the reactor. */
    private static final int RECEIVE_BURST = 32;

    private final String ingest;
    private final String role;
    private final int port;
    private final LiveStream stream;
    private final SourceContext context;
    private final ChunkPool pool;
    private final ReceiveReactor reactor;
    /** Where payloads go when the pool is exhausted (reactor thread only). */
    private final Memory discard = new Memory(Chunk.CAPACITY);

    private final SrtListenCallback admission = this::admit;

    /** The current settings; replaced by {@link #update}, read by the admission callback. */
    private volatile IngestSpec spec;

    private volatile SrtSocket listener;
    private volatile Publisher publisher;
    private volatile SourceState state = SourceState.WAITING;
    private volatile String error;
    private volatile boolean closed;
    private volatile long poolDrops;
    private int bindAttempts;
    private ScheduledFuture<?> retry;

    public ListenerSource(
            String ingest, String role, int port, IngestSpec spec, LiveStream stream, SourceContext context) {
        this.ingest = ingest;
        this.role = role;
        this.port = port;
        this.spec = spec;
        this.stream = stream;
        this.context = context;
        this.pool = context.plane().pool();
        this.reactor = context.plane().reactor();
    }

    /** New settings for the next connection; the live one is not touched. */
    public void update(IngestSpec newSpec) {
        this.spec = newSpec;
    }

    /** Binds and listens; on failure the source shows the error and retries. */
    public synchronized void start() {
        if (closed || listener != null) return;
        SrtSocket s = SrtSocket.create();
        try {
            s.set(SrtOption.TRANSTYPE, 0);
            s.set(SrtOption.LATENCY, spec.latency()); // a default; the callback sets each caller's
            s.set(SrtOption.RCVSYN, false);
            s.set(SrtOption.SNDSYN, false);
            s.bind(new InetSocketAddress(context.bindAddress(), port));
            s.listenCallback(admission);
            s.listen(BACKLOG);
            reactor.register(s, SrtEpoll.IN | SrtEpoll.ERR, this::onListenerEvent);
        } catch (SrtException e) {
            s.close();
            bindFailed(e);
            return;
        }
        listener = s;
        boolean recovered = state == SourceState.ERROR;
        state = SourceState.WAITING;
        error = null;
        bindAttempts = 0;
        if (recovered) context.onStateChange().run();
        LOG.infof(
                "[ingest %s] %s source listening on port %d%s",
                ingest, role, port, spec.encrypted() ? " (encrypted)" : "");
    }

    private void bindFailed(SrtException e) {
        state = SourceState.ERROR;
        error = "cannot listen on port " + port + ": " + e.getMessage();
        long delay = context.backoff().delayMillis(bindAttempts++);
        if (bindAttempts == 1) {
            LOG.errorf("[ingest %s] %s; retrying", ingest, error);
            context.events().publish(event(EventType.SOURCE_ERROR, Map.of("error", error)));
            context.onStateChange().run();
        }
        retry = context.control().schedule(this::start, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * libsrt's thread, mid-handshake: admits the caller unless a publisher is already live. Fails closed:
     * anything unexpected rejects.
     */
    private int admit(Pointer opaque, int socket, int hsVersion, Pointer peer, String streamId) {
        try {
            if (closed) return SrtSocket.reject(socket, SrtReject.SRT_REJX_DOWN);
            Publisher p = publisher;
            if (p != null) {
                String who = describe(SrtSocket.address(peer));
                LOG.warnf("[ingest %s] refused a second publisher from %s: %s is publishing", ingest, who, p.peer);
                context.events()
                        .publish(event(
                                EventType.PUBLISHER_REJECTED,
                                Map.of(
                                        "peer",
                                        who,
                                        "reason",
                                        "another publisher is live",
                                        "rejectReason",
                                        SrtReject.SRT_REJX_CONFLICT)));
                return SrtSocket.reject(socket, SrtReject.SRT_REJX_CONFLICT);
            }
            applyConnectionSettings(socket, spec);
            return 0;
        } catch (Throwable t) {
            return SrtSocket.reject(socket, SrtReject.SRT_REJX_ISE);
        }
    }

    /** Latency and encryption of one caller, set on its socket before the handshake concludes. */
    static void applyConnectionSettings(int socket, IngestSpec spec) {
        SrtSocket.setFlag(socket, SrtOption.LATENCY, spec.latency());
        if (spec.passphrase() != null) {
            SrtSocket.setFlag(socket, SrtOption.PASSPHRASE, spec.passphrase());
            if (spec.pbKeyLen() != 0) SrtSocket.setFlag(socket, SrtOption.PBKEYLEN, spec.pbKeyLen());
        }
    }

    /** Reactor thread: take the pending publisher(s). */
    private void onListenerEvent(int events) {
        SrtSocket l = listener;
        if (l == null) return;
        // One accept per readiness event: the epoll is level-triggered, so another pending connection
        // fires again; accepting until "none pending" would make libsrt log an error each time.
        SrtSocket s = l.accept();
        if (s != null) {
            String who = describe(s.peer());
            if (publisher != null) { // admitted before the first one was accepted
                LOG.warnf("[ingest %s] closing second publisher %s", ingest, who);
                s.close();
                return;
            }
            Publisher p = new Publisher(s, who, Instant.now());
            publisher = p;
            state = SourceState.CONNECTED;
            reactor.register(s, SrtEpoll.IN | SrtEpoll.ERR, ev -> onPublisherEvent(p, ev));
            LOG.infof("[ingest %s] publisher connected from %s", ingest, who);
            context.events().publish(event(EventType.PUBLISHER_CONNECTED, Map.of("peer", who)));
            context.onStateChange().run();
        }
    }

    /** Reactor thread: the hot path. Receives into pooled chunks and publishes them. */
    private void onPublisherEvent(Publisher p, int events) {
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
            c.length(n);
            c.receivedNanos(System.nanoTime());
            stream.publish(c);
        }
    }

    private void publisherGone(Publisher p, String why) {
        if (publisher != p) return;
        reactor.deregister(p.socket);
        p.socket.close();
        publisher = null;
        if (!closed) state = SourceState.WAITING;
        long seconds = Duration.between(p.since, Instant.now()).toSeconds();
        LOG.infof("[ingest %s] publisher %s disconnected after %d s (%s)", ingest, p.peer, seconds, why);
        context.events()
                .publish(event(
                        EventType.PUBLISHER_DISCONNECTED,
                        Map.of("peer", p.peer, "reason", why, "connectedSeconds", seconds)));
        context.onStateChange().run();
    }

    private Event event(EventType type, Map<String, Object> details) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", role);
        d.putAll(details);
        return Event.of(type, ingest, null, d);
    }

    private static String describe(InetSocketAddress a) {
        return a == null ? "unknown" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    public SourceState state() {
        return state;
    }

    /** Why the source is in {@code ERROR}; null otherwise. */
    public String error() {
        return error;
    }

    public int port() {
        return port;
    }

    public String role() {
        return role;
    }

    /** The publisher's address, or null. */
    public String peer() {
        Publisher p = publisher;
        return p == null ? null : p.peer;
    }

    public Instant connectedAt() {
        Publisher p = publisher;
        return p == null ? null : p.since;
    }

    /** The publisher's socket while connected (for statistics), else null. */
    public SrtSocket publisherSocket() {
        Publisher p = publisher;
        return p == null ? null : p.socket;
    }

    /** Payloads discarded because the chunk pool was exhausted. */
    public long poolDrops() {
        return poolDrops;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (retry != null) retry.cancel(false);
        SrtSocket l = listener;
        listener = null;
        if (l != null) {
            reactor.deregister(l);
            l.close();
        }
        Publisher p = publisher;
        publisher = null;
        if (p != null) {
            reactor.deregister(p.socket);
            p.socket.close();
        }
        state = SourceState.WAITING;
    }

    private record Publisher(SrtSocket socket, String peer, Instant since) {}
}
