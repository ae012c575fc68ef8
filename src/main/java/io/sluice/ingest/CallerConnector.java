package io.sluice.ingest;

import io.sluice.srt.SrtEpoll;
import io.sluice.srt.SrtOption;
import io.sluice.srt.SrtReject;
import io.sluice.srt.SrtSocket;
import io.sluice.stream.ReceiveReactor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A source that pulls: Sluice calls a remote SRT listener (caller mode), or meets a remote peer that calls
 * at the same time (rendezvous mode, from a local port of the range), and the connected socket becomes the
 * source's publisher. Connects without blocking (the reactor reports OUT = connected, ERR = failed) and
 * reconnects with backoff, forever, whenever the connection fails or the remote goes away.
 *
 * <p>Threads: connects on the control scheduler; readiness on the reactor.
 */
final class CallerConnector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CallerConnector.class);

    private final String ingest;
    private final Source source;
    private final SourceContext context;
    private final String address;
    private final String streamId;
    private final Integer localPort;
    private final ReceiveReactor reactor;
    private final String via;

    private volatile Attempt current;
    private volatile boolean closed;
    private int attempts;
    private ScheduledFuture<?> retry;

    /**
     * @param address remote {@code host:port}
     * @param streamId sent to the remote listener (caller mode), or null
     * @param localPort rendezvous: the local port (from the range); null = caller mode
     */
    CallerConnector(
            String ingest, Source source, SourceContext context, String address, String streamId, Integer localPort) {
        this.ingest = ingest;
        this.source = source;
        this.context = context;
        this.address = address;
        this.streamId = streamId;
        this.localPort = localPort;
        this.reactor = context.plane().reactor();
        this.via = (localPort == null ? "caller to " : "rendezvous with ") + address;
        source.onPublisherGone(this::scheduleRetry);
    }

    synchronized void start() {
        if (closed || current != null) return;
        SrtSocket s = SrtSocket.create();
        Attempt a = new Attempt(s);
        try {
            InetSocketAddress remote = resolve(address);
            a.remote = remote;
            s.set(SrtOption.TRANSTYPE, 0);
            source.configure(s.id()); // latency and encryption of the ingest
            if (streamId != null) s.set(SrtOption.STREAMID, streamId);
            s.set(SrtOption.RCVSYN, false);
            s.set(SrtOption.SNDSYN, false);
            current = a;
            reactor.register(s, SrtEpoll.OUT | SrtEpoll.ERR, a::onEvent);
            if (localPort == null) {
                s.connect(remote);
            } else {
                s.set(SrtOption.RENDEZVOUS, true);
                s.rendezvous(new InetSocketAddress(context.bindAddress(), localPort), remote);
            }
        } catch (RuntimeException | java.net.UnknownHostException e) {
            fail(a, e.getMessage());
        }
    }

    private synchronized void fail(Attempt a, String reason) {
        if (current != a) return;
        current = null;
        reactor.deregister(a.socket);
        a.socket.close();
        String error = (localPort == null ? "cannot connect to " : "no rendezvous with ") + address + ": " + reason;
        if (attempts == 0) LOG.warnf("[ingest %s] %s source: %s; retrying", ingest, source.role(), error);
        source.entryError(error);
        scheduleRetry();
    }

    private synchronized void scheduleRetry() {
        if (closed) return;
        if (retry != null && !retry.isDone()) return;
        current = null;
        long delay = context.backoff().delayMillis(attempts++);
        retry = context.control().schedule(this::start, delay, TimeUnit.MILLISECONDS);
    }

    private final class Attempt {
        final SrtSocket socket;
        volatile InetSocketAddress remote;
        volatile boolean connected;

        Attempt(SrtSocket socket) {
            this.socket = socket;
        }

        /** Reactor thread: OUT = connected (hand the socket to the source), ERR = failed. */
        void onEvent(int events) {
            if (current != this || connected) return;
            if ((events & SrtEpoll.ERR) != 0 || socket.state().isGone()) {
                fail(this, SrtReject.describe(socket.rejectReason()));
                return;
            }
            if ((events & SrtEpoll.OUT) != 0) {
                connected = true;
                reactor.deregister(socket); // the source registers it for receiving
                synchronized (CallerConnector.this) {
                    attempts = 0;
                }
                source.entryError(null);
                source.attach(socket, via, remote);
            }
        }
    }

    private static InetSocketAddress resolve(String hostPort) throws java.net.UnknownHostException {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (retry != null) retry.cancel(false);
        Attempt a = current;
        current = null;
        if (a != null && !a.connected) {
            reactor.deregister(a.socket);
            a.socket.close();
        }
    }
}
