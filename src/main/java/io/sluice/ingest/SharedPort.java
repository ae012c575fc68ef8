package io.sluice.ingest;

import com.sun.jna.Pointer;
import io.sluice.access.StreamId;
import io.sluice.access.StreamId.Rejected;
import io.sluice.events.Event;
import io.sluice.events.EventSink;
import io.sluice.events.EventType;
import io.sluice.srt.SrtEpoll;
import io.sluice.srt.SrtException;
import io.sluice.srt.SrtOption;
import io.sluice.srt.SrtReject;
import io.sluice.srt.SrtSocket;
import io.sluice.srt.jna.SrtListenCallback;
import io.sluice.stream.DataPlane;
import io.sluice.stream.ReceiveReactor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One SRT listener ({@code sluice.srt.shared-port}, default 8890) for every ingest of this node, routed by
 * the caller's stream ID ({@link StreamId}): publishers become the publisher of the ingest's source,
 * readers ({@code m=request}, {@code read:}) join the ingest's shared-port readers.
 *
 * <p>Admission runs in the listen callback on libsrt's thread, from in-memory state only (the map of
 * running ingests), and fails closed: a malformed stream ID (1400), an ingest not running here (1404),
 * a source that does not take publishers (1405), a peer outside the allowlist (1403), a live publisher
 * (1409) are refused with that reject code and a {@code publisher.rejected} event; anything unexpected
 * rejects with 1500. Per-connection latency and encryption come from the ingest.
 */
final class SharedPort implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SharedPort.class);
    private static final int BACKLOG = 64;
    static final String VIA = "shared port";

    private final int port;
    private final InetAddress bindAddress;
    private final Function<String, IngestRuntime> runtimes;
    private final EventSink events;
    private final ReceiveReactor reactor;
    private final SrtListenCallback admission = this::admit;
    private volatile SrtSocket listener;

    SharedPort(
            int port,
            InetAddress bindAddress,
            Function<String, IngestRuntime> runtimes,
            DataPlane plane,
            EventSink events) {
        this.port = port;
        this.bindAddress = bindAddress;
        this.runtimes = runtimes;
        this.events = events;
        this.reactor = plane.reactor();
    }

    /** Binds and listens; throws SrtException (naming the port) when it cannot. */
    void start() {
        SrtSocket s = SrtSocket.create();
        try {
            s.set(SrtOption.TRANSTYPE, 0);
            s.set(SrtOption.RCVSYN, false);
            s.set(SrtOption.SNDSYN, false);
            s.bind(new InetSocketAddress(bindAddress, port));
            s.listenCallback(admission);
            s.listen(BACKLOG);
            reactor.register(s, SrtEpoll.IN | SrtEpoll.ERR, this::onReady);
        } catch (SrtException e) {
            s.close();
            throw e;
        }
        listener = s;
        LOG.infof(
                "shared SRT port %d: publish with streamid #!::r=<ingest>,m=publish (or publish:<ingest>),"
                        + " read with #!::r=<ingest>,m=request (or read:<ingest>)",
                port);
    }

    /** libsrt's thread, mid-handshake: route by stream ID and admit, or refuse with the fitting code. */
    private int admit(Pointer opaque, int socket, int hsVersion, Pointer peerAddress, String streamId) {
        InetSocketAddress peer = null;
        try {
            peer = SrtSocket.address(peerAddress);
            StreamId id = StreamId.parse(streamId);
            IngestRuntime rt = runtimes.apply(id.ingest());
            if (rt == null) {
                throw new Rejected(Rejected.NOTFOUND, "no ingest named " + id.ingest() + " runs on this node");
            }
            Source source = rt.source(id.backup());
            if (id.mode() == StreamId.Mode.PUBLISH) {
                if (source == null) {
                    throw new Rejected(Rejected.NOTFOUND, "ingest " + id.ingest() + " has no backup source");
                }
                if (!source.spec().source().acceptsPublishers()) {
                    throw new Rejected(
                            Rejected.BAD_MODE,
                            "ingest " + id.ingest() + " pulls its source from "
                                    + source.spec().source().address() + "; it does not take publishers");
                }
                source.admit(peer, VIA); // allowlist, live publisher (its own event when it refuses)
            }
            if (source == null) source = rt.primary(); // a reader: encryption is the ingest's, not a source's
            source.configure(socket); // latency and encryption: readers must know the passphrase too
            if (id.mode() == StreamId.Mode.PUBLISH) source.admitted(peer, VIA);
            else rt.sharedReaderAdmitted(peer, VIA);
            return 0;
        } catch (Rejected r) {
            refused(streamId, peer, r);
            return SrtSocket.reject(socket, r.code());
        } catch (Throwable t) {
            return SrtSocket.reject(socket, SrtReject.SRT_REJX_ISE);
        }
    }

    /** Events for refusals decided here (the source publishes its own). */
    private void refused(String streamId, InetSocketAddress peer, Rejected r) {
        if (r.code() == Rejected.FORBIDDEN || r.code() == Rejected.CONFLICT) return; // the source said so
        String ingest = null;
        try {
            ingest = StreamId.parse(streamId).ingest();
        } catch (Rejected ignored) {
            // malformed: no ingest to name
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("peer", Source.describe(peer));
        d.put("via", VIA);
        d.put("streamId", streamId == null ? "" : streamId);
        d.put("reason", r.getMessage());
        d.put("rejectReason", r.code());
        events.publish(Event.of(EventType.PUBLISHER_REJECTED, ingest, null, d));
        LOG.debugf("shared port: refused %s (streamid '%s'): %s", Source.describe(peer), streamId, r.getMessage());
    }

    /** Reactor thread: one accept per readiness event; route the accepted socket as admitted. */
    private void onReady(int events) {
        SrtSocket l = listener;
        if (l == null) return;
        SrtSocket s = l.accept();
        if (s == null) return;
        try {
            StreamId id = StreamId.parse(s.get(SrtOption.STREAMID));
            IngestRuntime rt = runtimes.apply(id.ingest());
            if (rt == null) { // deleted between admission and accept
                s.close();
                return;
            }
            if (id.mode() != StreamId.Mode.PUBLISH) {
                rt.addSharedReader(s);
                return;
            }
            Source source = rt.source(id.backup());
            if (source != null) source.attach(s, VIA);
            else s.close(); // admitted, then the ingest was recreated without a backup
        } catch (RuntimeException e) {
            LOG.warnf("shared port: dropped an accepted connection (%s)", e.getMessage());
            s.close();
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        SrtSocket l = listener;
        listener = null;
        if (l != null) {
            reactor.deregister(l);
            l.close();
        }
    }
}
