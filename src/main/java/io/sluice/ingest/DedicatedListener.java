package io.sluice.ingest;

import com.sun.jna.Pointer;
import io.sluice.access.StreamId.Rejected;
import io.sluice.srt.SrtEpoll;
import io.sluice.srt.SrtException;
import io.sluice.srt.SrtOption;
import io.sluice.srt.SrtReject;
import io.sluice.srt.SrtSocket;
import io.sluice.srt.jna.SrtListenCallback;
import io.sluice.stream.ReceiveReactor;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A source's own SRT listener on a port of the range: every caller is a would-be publisher of that source
 * (its stream ID is not needed). Admission and per-connection settings come from the {@link Source}; a port
 * that cannot be bound puts the source in error and is retried with backoff.
 *
 * <p>Threads: the admission callback runs on libsrt's thread for the port; accepts run on the reactor;
 * {@link #start}/{@link #close} on the control plane.
 */
final class DedicatedListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DedicatedListener.class);
    private static final int BACKLOG = 8;

    private final String ingest;
    private final Source source;
    private final int port;
    private final SourceContext context;
    private final ReceiveReactor reactor;
    private final String via;
    private final SrtListenCallback admission = this::admit;

    private volatile SrtSocket listener;
    private volatile boolean closed;
    private int bindAttempts;
    private ScheduledFuture<?> retry;

    DedicatedListener(String ingest, Source source, int port, SourceContext context) {
        this.ingest = ingest;
        this.source = source;
        this.port = port;
        this.context = context;
        this.reactor = context.plane().reactor();
        this.via = "port " + port;
    }

    /** Binds and listens; on failure the source shows the error and this retries. */
    synchronized void start() {
        if (closed || listener != null) return;
        SrtSocket s = SrtSocket.create();
        try {
            s.set(SrtOption.TRANSTYPE, 0);
            s.set(SrtOption.LATENCY, source.spec().latency()); // a default; admission sets each caller's
            s.set(SrtOption.RCVSYN, false);
            s.set(SrtOption.SNDSYN, false);
            s.bind(new InetSocketAddress(context.bindAddress(), port));
            s.listenCallback(admission);
            s.listen(BACKLOG);
            reactor.register(s, SrtEpoll.IN | SrtEpoll.ERR, this::onReady);
        } catch (SrtException e) {
            s.close();
            bindFailed(e);
            return;
        }
        listener = s;
        bindAttempts = 0;
        source.entryError(null);
        LOG.infof(
                "[ingest %s] %s source listening on port %d%s",
                ingest, source.role(), port, source.spec().encrypted() ? " (encrypted)" : "");
    }

    private void bindFailed(SrtException e) {
        String error = "cannot listen on port " + port + ": " + e.getMessage();
        long delay = context.backoff().delayMillis(bindAttempts++);
        if (bindAttempts == 1) LOG.errorf("[ingest %s] %s; retrying", ingest, error);
        source.entryError(error);
        retry = context.control().schedule(this::start, delay, TimeUnit.MILLISECONDS);
    }

    /** libsrt's thread, mid-handshake. Fails closed: anything unexpected rejects. */
    private int admit(Pointer opaque, int socket, int hsVersion, Pointer peer, String streamId) {
        try {
            InetSocketAddress from = SrtSocket.address(peer);
            source.admit(from, via);
            source.configure(socket);
            source.admitted(from, via);
            return 0;
        } catch (Rejected r) {
            return SrtSocket.reject(socket, r.code());
        } catch (Throwable t) {
            return SrtSocket.reject(socket, SrtReject.SRT_REJX_ISE);
        }
    }

    /** Reactor thread: one accept per readiness event (level-triggered; the next one fires again). */
    private void onReady(int events) {
        SrtSocket l = listener;
        if (l == null) return;
        SrtSocket s = l.accept();
        if (s != null) source.attach(s, via);
    }

    int port() {
        return port;
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
    }
}
