package io.sluice.ingest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.access.Cidr;
import io.sluice.config.Node;
import io.sluice.config.SluiceConfig;
import io.sluice.events.Event;
import io.sluice.events.EventType;
import io.sluice.ingest.IngestSpec.SourceSpec;
import io.sluice.output.OutputRunner;
import io.sluice.output.OutputType;
import io.sluice.output.OutputUrl;
import io.sluice.output.srt.SrtParams;
import io.sluice.persistence.IngestEntity;
import io.sluice.persistence.OutputEntity;
import io.sluice.persistence.PortAllocationEntity;
import io.sluice.ports.PortAllocator;
import io.sluice.problem.Problem;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The ingest lifecycle: validates requests, commits the desired state, then applies it to the running
 * process; restores every ingest and output of this node at start.
 *
 * <p>Rule: desired state is committed before it is acted on. A create commits the ingest and its port
 * and then binds; a delete commits the removal and then closes sockets (a port is only reused after the
 * allocator finds it free on the host, so a socket still closing is never handed out again).
 *
 * <p>Fleet: every node sees every ingest of the shared database; only the owner (the node that created it)
 * binds its sockets, restores it, and changes it. The owner writes each ingest's live state to the
 * database (coalesced, every half second), so that any node can show it.
 */
@ApplicationScoped
public class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    /** An ingest name: the key in every path. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** How often changed ingest states are written to the database, ms. */
    private static final long STATE_FLUSH_MILLIS = 500;

    private final Engine engine;
    private final Drain drain;
    private final NodeRegistry nodes;
    private final Node node;
    private final SluiceConfig config;
    private final Map<String, IngestRuntime> runtimes = new ConcurrentHashMap<>();
    /** Ingests whose state changed since the last flush. */
    private final Set<String> dirtyStates = ConcurrentHashMap.newKeySet();

    private final SecureRandom random = new SecureRandom();
    private volatile boolean restored;
    private volatile SharedPort sharedPort;

    @Inject
    public IngestService(Engine engine, Drain drain, NodeRegistry nodes, Node node, SluiceConfig config) {
        this.engine = engine;
        this.drain = drain;
        this.nodes = nodes;
        this.node = node;
        this.config = config;
    }

    // ---- lifecycle ----

    void onStart(@Observes @Priority(100) StartupEvent event) {
        try {
            engine.start();
            engine.usePorts(nodes.register(
                    engine.range(), config.ports().slotSize(), config.srt().sharedPort(), engine.control()));
        } catch (RuntimeException e) {
            LOG.error("Sluice cannot start: " + e.getMessage());
            throw e;
        }
        drain.onBegin(() -> {
            nodes.draining();
            engine.events().publish(Event.of(EventType.NODE_DRAINING, null, null, Map.of("node", node.id())));
        });
        try {
            engine.warmUpHandshakes();
            restore();
            startSharedPort();
        } catch (RuntimeException | Error e) {
            // Quarkus fires no ShutdownEvent for a start that failed, and libsrt's threads that ran the listen
            // callback stay attached to the JVM: if they were still alive when the JVM exits, libsrt's own
            // clean-up at exit would join them while they wait to detach from the exiting JVM, and the process
            // would hang for ever. So release everything here, while the JVM is fully alive.
            releaseAll();
            throw e;
        }
        engine.control()
                .scheduleWithFixedDelay(
                        this::flushStates, STATE_FLUSH_MILLIS, STATE_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        releaseAll();
    }

    /** Closes every socket, marks this node's ingests stopped, leaves the fleet and joins libsrt's threads. */
    private void releaseAll() {
        SharedPort shared = sharedPort;
        if (shared != null) shared.close();
        for (IngestRuntime r : runtimes.values()) r.close();
        runtimes.clear();
        try {
            QuarkusTransaction.requiringNew()
                    .run(() ->
                            IngestEntity.update("state = 'waiting', stateError = null where nodeId = ?1", node.id()));
        } catch (RuntimeException e) {
            LOG.warnf("could not record the ingests of node %s as stopped (%s)", node.id(), e.getMessage());
        }
        nodes.unregister();
        engine.stop();
    }

    /** Starts every ingest and output this node owns, on their stored ports. */
    private void restore() {
        List<IngestSnapshot> mine = QuarkusTransaction.requiringNew().call(() -> {
            List<IngestSnapshot> out = new ArrayList<>();
            for (IngestEntity e : IngestEntity.ownedBy(node.id())) {
                List<OutputSnapshot> outs = OutputEntity.of(e.name).stream()
                        .map(o -> new OutputSnapshot(toSpec(o), null))
                        .toList();
                out.add(new IngestSnapshot(
                        toSpec(e),
                        null,
                        outs,
                        e.state,
                        e.stateError,
                        node.publicHost(),
                        config.srt().sharedPort(),
                        true));
            }
            return out;
        });
        int outputs = 0;
        for (IngestSnapshot s : mine) {
            IngestRuntime r = startRuntime(s.spec());
            for (OutputSnapshot o : s.outputs()) {
                r.addOutput(engine.outputs()
                        .create(
                                s.spec().name(),
                                o.spec().id(),
                                o.spec().type(),
                                o.spec().url()));
                outputs++;
            }
        }
        restored = true;
        LOG.infof("restored %d ingest(s) and %d output(s) of node %s", mine.size(), outputs, node.id());
    }

    private Map<String, Object> createdDetails(IngestSpec spec) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("node", node.id());
        d.put("mode", spec.source().mode().json());
        if (spec.source().port() != null) d.put("port", spec.source().port());
        if (spec.source().address() != null) d.put("address", spec.source().address());
        d.put("encrypted", spec.encrypted());
        SourceSpec b = spec.backup();
        if (b != null) {
            d.put("backupMode", b.mode().json());
            if (b.port() != null) d.put("backupPort", b.port());
            if (b.address() != null) d.put("backupAddress", b.address());
        }
        return d;
    }

    /** Binds the shared port; refuses to start (saying how to fix it) when it cannot. */
    private void startSharedPort() {
        int port = config.srt().sharedPort();
        if (port == 0) {
            LOG.info("shared SRT port off (sluice.srt.shared-port=0)");
            return;
        }
        SharedPort shared = new SharedPort(port, engine.bindAddress(), runtimes::get, engine.plane(), engine.events());
        try {
            shared.start();
        } catch (RuntimeException e) {
            String message = "Sluice cannot start: the shared SRT port " + port + " cannot be bound (" + e.getMessage()
                    + "); set sluice.srt.shared-port to a free port, or 0 to turn it off";
            LOG.error(message);
            throw new IllegalStateException(message, e);
        }
        sharedPort = shared;
    }

    /** The shared port, or 0 when off. */
    public int sharedPort() {
        SharedPort s = sharedPort;
        return s == null ? 0 : s.port();
    }

    /** True once the ingests of this node have been restored (readiness). */
    public boolean isRestored() {
        return restored;
    }

    // ---- ingests ----

    /** Validates, commits, binds. 400 for bad input, 409 for a taken name or port or a full range. */
    public IngestSnapshot create(NewIngest req) {
        refuseWhileDraining();
        IngestSpec wanted = validate(req);
        PortAllocator ports = engine.ports();
        IngestSpec spec;
        ports.lock().lock();
        try {
            spec = inTransaction(() -> {
                IngestEntity existing = IngestEntity.findById(wanted.name());
                if (existing != null) throw nameTaken(existing);
                SourceSpec source = withPort(wanted.source(), ports, null);
                SourceSpec backup = wanted.backup() == null ? null : withPort(wanted.backup(), ports, source.port());
                IngestSpec s = wanted.with(source, backup);
                IngestEntity e = toEntity(s);
                e.persist();
                e.flush(); // the ingest row first: port rows refer to it
                if (source.port() != null) ports.hold(source.port(), s.name(), PortAllocationEntity.SOURCE);
                if (backup != null && backup.port() != null) {
                    ports.hold(backup.port(), s.name(), PortAllocationEntity.BACKUP);
                }
                return s;
            });
        } catch (Problem p) {
            throw nameRaceLost(p, wanted.name());
        } finally {
            ports.lock().unlock();
            ports.changed();
        }
        IngestRuntime runtime = startRuntime(spec);
        LOG.infof("[ingest %s] created: %s", spec.name(), spec);
        engine.events().publish(Event.of(EventType.INGEST_CREATED, spec.name(), null, createdDetails(spec)));
        return new IngestSnapshot(
                spec,
                runtime,
                List.of(),
                "waiting",
                null,
                node.publicHost(),
                config.srt().sharedPort(),
                true);
    }

    /**
     * The source with the port it will bind: the one asked for (checked against the range and the host) or
     * the next free one. Called under the allocator's lock, inside the transaction that holds the port.
     */
    private static SourceSpec withPort(SourceSpec src, PortAllocator ports, Integer pickedAlready) {
        if (!src.holdsPort()) return src;
        return new SourceSpec(src.mode(), ports.pick(src.port(), pickedAlready), src.address(), src.streamId());
    }

    /** Every ingest (of the whole fleet when the database is shared), oldest first. */
    public List<IngestSnapshot> list() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<IngestSnapshot> out = new ArrayList<>();
            for (IngestEntity e : IngestEntity.all()) out.add(snapshot(e));
            return out;
        });
    }

    /** One ingest; 404 if there is none by that name. */
    public IngestSnapshot get(String name) {
        return QuarkusTransaction.requiringNew().call(() -> snapshot(find(name)));
    }

    /**
     * Changes latency, passphrase or key length; commits, then applies to the next connection (the live
     * one is not cut). 409 if another node owns the ingest.
     */
    public IngestSnapshot update(String name, IngestPatch patch) {
        if (patch == null) throw Problem.invalid("a JSON body such as {\"latencyMs\":200} is required");
        if (patch.isEmpty()) {
            throw Problem.invalid("nothing to change: give latencyMs, passphrase (\"\" removes it), pbKeyLen,"
                    + " allowedCidrs or failover");
        }
        IngestSpec spec = inTransaction(() -> {
            IngestEntity e = find(name);
            requireOwned(e, false);
            IngestSpec current = toSpec(e);
            Duration latency = SrtParams.latency(patch.latencyMs(), "latencyMs", current.latency());
            String passphrase = current.passphrase();
            if (patch.passphrase() != null) {
                passphrase =
                        patch.passphrase().isEmpty() ? null : SrtParams.passphrase(patch.passphrase(), "passphrase");
            }
            int pbKeyLen = SrtParams.pbKeyLen(patch.pbKeyLen(), "pbKeyLen", current.pbKeyLen());
            if (passphrase == null && patch.pbKeyLen() != null) {
                throw Problem.invalid("pbKeyLen needs a passphrase (10 to 79 bytes)");
            }
            if (passphrase == null) pbKeyLen = 0;
            List<Cidr> allowed = patch.allowedCidrs() == null ? current.allowedCidrs() : cidrs(patch.allowedCidrs());
            IngestSpec next = current.with(latency, passphrase, pbKeyLen, allowed);
            if (patch.failover() != null) next = next.with(failover(patch.failover(), current));
            writeFailover(e, next.failover());
            e.latencyMs = (int) latency.toMillis();
            e.passphrase = passphrase;
            e.pbKeyLen = pbKeyLen;
            e.allowedCidrs = join(allowed);
            return next;
        });
        IngestRuntime r = runtimes.get(name);
        if (r != null) r.update(spec);
        LOG.infof("[ingest %s] updated for the next connection: %s", name, patch);
        engine.events()
                .publish(Event.of(
                        EventType.INGEST_UPDATED,
                        name,
                        null,
                        Map.of(
                                "latencyMs",
                                spec.latency().toMillis(),
                                "encrypted",
                                spec.encrypted(),
                                "passphraseChanged",
                                patch.passphrase() != null,
                                "allowedCidrs",
                                spec.allowedCidrs().toString(),
                                "failover",
                                spec.failover().toString())));
        return get(name);
    }

    /**
     * Holds the primary or the backup as the active source, or releases the hold ({@code auto}); committed
     * (it survives a restart), then applied at once. 400 for another value or an ingest without a backup,
     * 409 if another node owns it.
     */
    public IngestSnapshot failover(String name, String source) {
        if (source == null) {
            throw Problem.invalid("a JSON body {\"source\":\"primary\"} (or \"backup\", or \"auto\") is required");
        }
        FailoverPolicy.Mode mode = FailoverPolicy.Mode.parse(source, "source");
        IngestSpec spec = inTransaction(() -> {
            IngestEntity e = find(name);
            requireOwned(e, false);
            IngestSpec current = toSpec(e);
            if (!current.hasBackup()) throw noBackup(name);
            IngestSpec next = current.with(current.failover().withMode(mode));
            writeFailover(e, next.failover());
            return next;
        });
        IngestRuntime r = runtimes.get(name);
        if (r != null) r.update(spec);
        LOG.infof("[ingest %s] failover mode %s", name, mode.json());
        engine.events()
                .publish(Event.of(
                        EventType.INGEST_UPDATED,
                        name,
                        null,
                        Map.of("failover", spec.failover().toString())));
        return get(name);
    }

    private static FailoverPolicy failover(NewIngest.NewFailover f, IngestSpec current) {
        if (!current.hasBackup()) throw noBackup(current.name());
        return FailoverPolicy.of(
                f.mode(), f.switchAfterMs(), f.revertAfterMs(), f.minBitrateKbps(), current.failover());
    }

    private static Problem noBackup(String name) {
        return Problem.invalid("ingest " + name + " has no backup source, so there is nothing to fail over to;"
                + " create it with \"backup\":{\"mode\":\"listener\"}");
    }

    private static void writeFailover(IngestEntity e, FailoverPolicy f) {
        e.failoverMode = f.mode().json();
        e.switchAfterMs = (int) f.switchAfter().toMillis();
        e.revertAfterMs = (int) f.revertAfter().toMillis();
        e.minBitrateKbps = f.minBitrateKbps();
    }

    /**
     * Commits the removal, then stops the outputs and the source and frees the ports. An ingest of a node
     * that is no longer live may be deleted from any node (its owner will not restore it).
     */
    public void delete(String name) {
        inTransaction(() -> {
            IngestEntity e = find(name);
            requireOwned(e, true);
            engine.ports().releaseAll(name);
            OutputEntity.delete("ingestName", name);
            e.delete();
            return null;
        });
        engine.ports().changed();
        IngestRuntime r = runtimes.remove(name);
        if (r != null) r.close();
        engine.outputs().forget(name);
        dirtyStates.remove(name);
        LOG.infof("[ingest %s] deleted", name);
        engine.events().publish(Event.of(EventType.INGEST_DELETED, name));
    }

    /** Every ingest running in this process. */
    public java.util.Collection<IngestRuntime> runtimes() {
        return runtimes.values();
    }

    /** The runtime of an ingest running in this process, or null. */
    public IngestRuntime runtime(String name) {
        return runtimes.get(name);
    }

    // ---- outputs ----

    /** Validates, commits (allocating a port for a listener on :0), starts. */
    public OutputSnapshot addOutput(String ingest, NewOutput req) {
        refuseWhileDraining();
        if (req == null)
            throw Problem.invalid("a JSON body {\"type\":\"srt\",\"url\":\"srt://host:port\"} is required");
        OutputType type = OutputType.parse(req.type());
        OutputUrl url = OutputUrl.parse(req.url());
        int listenPort = engine.outputs().validate(type, url);
        PortAllocator ports = engine.ports();
        OutputSpec spec;
        ports.lock().lock();
        try {
            spec = inTransaction(() -> {
                IngestEntity owner = find(ingest);
                requireOwned(owner, false);
                String id = newOutputId();
                OutputUrl stored = url;
                Integer port = null;
                if (listenPort >= 0) {
                    port = ports.pick(listenPort == 0 ? null : listenPort);
                    stored = url.withPort(port);
                }
                OutputEntity e = new OutputEntity();
                e.id = id;
                e.ingestName = ingest;
                e.type = type.json();
                e.url = stored.toUrl();
                e.port = port;
                e.createdAt = now();
                e.persist();
                if (port != null) ports.hold(port, ingest, PortAllocationEntity.outputPurpose(id));
                return toSpec(e);
            });
        } finally {
            ports.lock().unlock();
            ports.changed();
        }
        IngestRuntime r = runtimes.get(ingest);
        OutputRunner runner = null;
        if (r != null) {
            runner = engine.outputs().create(ingest, spec.id(), spec.type(), spec.url());
            r.addOutput(runner);
        }
        LOG.infof(
                "[ingest %s] output %s added: %s", ingest, spec.id(), spec.url().redacted());
        engine.events()
                .publish(Event.of(
                        EventType.OUTPUT_CREATED,
                        ingest,
                        spec.id(),
                        Map.of("type", spec.type().json(), "url", spec.url().redacted())));
        return new OutputSnapshot(spec, runner);
    }

    public List<OutputSnapshot> outputs(String ingest) {
        return get(ingest).outputs();
    }

    public void deleteOutput(String ingest, String id) {
        inTransaction(() -> {
            requireOwned(find(ingest), false);
            OutputEntity e = OutputEntity.find(ingest, id);
            if (e == null) {
                throw Problem.notFound("ingest " + ingest + " has no output " + id + "; GET /api/v1/ingests/" + ingest
                        + "/outputs lists them");
            }
            engine.ports().release(ingest, PortAllocationEntity.outputPurpose(id));
            e.delete();
            return null;
        });
        engine.ports().changed();
        IngestRuntime r = runtimes.get(ingest);
        if (r != null) r.removeOutput(id);
        LOG.infof("[ingest %s] output %s deleted", ingest, id);
        engine.events().publish(Event.of(EventType.OUTPUT_DELETED, ingest, id, Map.of()));
    }

    // ---- capacity ----

    /** Ports of this node's range that are neither allocated nor held by another process. */
    public long freePorts() {
        return QuarkusTransaction.requiringNew().call(() -> engine.ports().freeOnHost());
    }

    /** Ingests running in this process. */
    public int runningIngests() {
        return runtimes.size();
    }

    /** Outputs running in this process. */
    public int runningOutputs() {
        int n = 0;
        for (IngestRuntime r : runtimes.values()) n += r.outputCount();
        return n;
    }

    // ---- helpers ----

    private IngestRuntime startRuntime(IngestSpec spec) {
        String name = spec.name();
        SourceContext context = engine.sourceContext(() -> dirtyStates.add(name));
        IngestRuntime r = IngestRuntime.create(
                spec,
                context,
                config.ingest().takeoverAfter(),
                () -> engine.outputs().createSharedReaders(name));
        IngestRuntime previous = runtimes.put(name, r);
        if (previous != null) previous.close();
        r.start();
        dirtyStates.add(name);
        return r;
    }

    /** Writes the live state of changed ingests to the database (control thread). */
    private void flushStates() {
        if (dirtyStates.isEmpty()) return;
        List<String> names = new ArrayList<>(dirtyStates);
        names.forEach(dirtyStates::remove);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (String name : names) {
                    IngestRuntime r = runtimes.get(name);
                    if (r == null) continue;
                    IngestEntity.update(
                            "state = ?1, stateError = ?2 where name = ?3 and nodeId = ?4",
                            r.state().name().toLowerCase(Locale.ROOT),
                            r.error(),
                            name,
                            node.id());
                }
            });
        } catch (RuntimeException e) {
            dirtyStates.addAll(names); // try again with the next flush
            LOG.debugf("could not write ingest states (%s)", e.getMessage());
        }
    }

    private void refuseWhileDraining() {
        if (drain.isDraining()) {
            throw Problem.unavailable("this node is shutting down (draining); send the request to another node");
        }
    }

    private IngestSpec validate(NewIngest req) {
        if (req == null) throw Problem.invalid("a JSON body with at least {\"name\":\"cam1\"} is required");
        String name = req.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw Problem.invalid("name " + (name == null ? "is missing" : "'" + name + "' is not valid")
                    + ": use 1 to 64 characters of A-Z, a-z, 0-9, _ and -");
        }
        Duration latency =
                SrtParams.latency(req.latencyMs(), "latencyMs", config.srt().latency());
        String passphrase = SrtParams.passphrase(req.passphrase(), "passphrase");
        int pbKeyLen = SrtParams.pbKeyLen(req.pbKeyLen(), "pbKeyLen", 0);
        if (req.pbKeyLen() != null && passphrase == null) {
            throw Problem.invalid("pbKeyLen needs a passphrase (10 to 79 bytes)");
        }
        List<Cidr> allowed = req.allowedCidrs() == null ? List.of() : cidrs(req.allowedCidrs());
        SourceSpec source = validateSource(req.source(), "source");
        SourceSpec backup = req.backup() == null ? null : validateSource(req.backup(), "backup");
        if (backup != null
                && source.port() != null
                && source.port().equals(backup.port())
                && source.holdsPort()
                && backup.holdsPort()) {
            throw Problem.invalid("source.port and backup.port are both " + source.port()
                    + ": the backup needs a port of its own (leave it out to take the next free one)");
        }
        FailoverPolicy failover = FailoverPolicy.DEFAULT;
        if (req.failover() != null) {
            NewIngest.NewFailover f = req.failover();
            if (backup == null) {
                throw Problem.invalid("failover applies to an ingest with a backup source; add \"backup\":"
                        + "{\"mode\":\"listener\"} or leave failover out");
            }
            failover = FailoverPolicy.of(
                    f.mode(), f.switchAfterMs(), f.revertAfterMs(), f.minBitrateKbps(), FailoverPolicy.DEFAULT);
        }
        return new IngestSpec(name, node.id(), latency, passphrase, pbKeyLen, allowed, source, backup, failover, now());
    }

    /** A source as asked for: listener (the default), caller or rendezvous; 400 with the reason otherwise. */
    static SourceSpec validateSource(NewIngest.NewSource src, String field) {
        SourceMode mode = SourceMode.parse(src == null ? null : src.mode());
        Integer port = src == null ? null : src.port();
        String address = src == null ? null : src.address();
        String streamId = SrtParams.streamId(src == null ? null : src.streamId(), field + ".streamId");
        if (port != null && (port < 1 || port > 65535)) {
            throw Problem.invalid(field + ".port " + port + " is not a UDP port (1-65535)");
        }
        switch (mode) {
            case LISTENER -> {
                if (address != null || streamId != null) {
                    throw Problem.invalid(field + ".address and " + field + ".streamId apply to caller and rendezvous"
                            + " sources; a listener takes publishers on its port and on the shared port");
                }
            }
            case CALLER -> {
                requireHostPort(address, field);
                if (port != null) {
                    throw Problem.invalid(field + ".port does not apply to a caller source: it calls " + address);
                }
            }
            case RENDEZVOUS -> {
                requireHostPort(address, field);
                if (streamId != null) throw Problem.invalid(field + ".streamId does not apply to rendezvous");
            }
        }
        return new SourceSpec(mode, port, address, streamId);
    }

    private static void requireHostPort(String address, String field) {
        boolean ok = address != null && HOST_PORT.matcher(address).matches();
        if (ok) {
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            ok = port >= 1 && port <= 65535;
        }
        if (!ok) {
            throw Problem.invalid(field + ".address " + (address == null ? "is missing" : "'" + address + "' is not")
                    + " host:port of the remote SRT peer, e.g. 203.0.113.7:9000");
        }
    }

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):\\d{1,5}");

    private static List<Cidr> cidrs(List<String> texts) {
        List<Cidr> out = new ArrayList<>();
        for (String t : texts) {
            try {
                out.add(Cidr.parse(t));
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("allowedCidrs: " + e.getMessage());
            }
        }
        return out;
    }

    private static String join(List<Cidr> cidrs) {
        return cidrs.isEmpty()
                ? null
                : String.join(",", cidrs.stream().map(Cidr::toString).toList());
    }

    private IngestSnapshot snapshot(IngestEntity e) {
        boolean mine = e.nodeId.equals(node.id());
        IngestRuntime r = mine ? runtimes.get(e.name) : null;
        List<OutputSnapshot> outs = new ArrayList<>();
        for (OutputEntity o : OutputEntity.of(e.name)) {
            outs.add(new OutputSnapshot(toSpec(o), r == null ? null : r.output(o.id)));
        }
        return new IngestSnapshot(
                toSpec(e),
                r,
                outs,
                e.state,
                e.stateError,
                nodes.publicHost(e.nodeId),
                nodes.sharedPort(e.nodeId, config.srt().sharedPort()),
                nodes.isLive(e.nodeId));
    }

    private static IngestEntity find(String name) {
        IngestEntity e = name == null ? null : IngestEntity.findById(name);
        if (e == null) {
            throw Problem.notFound("there is no ingest named " + name + "; GET /api/v1/ingests lists them");
        }
        return e;
    }

    /** 409 unless this node owns the ingest (or, when {@code orphanOk}, its owner is no longer live). */
    private void requireOwned(IngestEntity e, boolean orphanOk) {
        if (e.nodeId.equals(node.id())) return;
        if (orphanOk && !nodes.isLive(e.nodeId)) {
            LOG.infof("[ingest %s] owner %s is not live: node %s takes the request", e.name, e.nodeId, node.id());
            return;
        }
        throw Problem.conflict(
                "ingest " + e.name + " is owned by node " + e.nodeId + "; send this request to that node");
    }

    private Problem nameTaken(IngestEntity existing) {
        return Problem.conflict("an ingest named " + existing.name + " already exists"
                + (existing.nodeId.equals(node.id()) ? "" : " on node " + existing.nodeId)
                + "; choose another name or delete it first");
    }

    /** A create that lost a race on the name against another node: say so plainly. */
    private Problem nameRaceLost(Problem p, String name) {
        if (p.status() != 409 || !p.detail().startsWith("the change conflicted")) return p;
        IngestEntity existing = QuarkusTransaction.requiringNew().call(() -> IngestEntity.findById(name));
        return existing == null ? p : nameTaken(existing);
    }

    private String newOutputId() {
        byte[] b = new byte[4];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    /** Runs {@code work} in a new transaction; a constraint violation at commit (a race lost) is a 409. */
    private static <T> T inTransaction(Callable<T> work) {
        try {
            return QuarkusTransaction.requiringNew().call(work);
        } catch (Problem p) {
            throw p;
        } catch (PersistenceException | QuarkusTransactionException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                if (root instanceof Problem p) throw p;
                root = root.getCause();
            }
            if (root instanceof Problem p) throw p;
            LOG.warn("transaction failed", e);
            throw Problem.conflict("the change conflicted with a concurrent one ("
                    + root.getClass().getSimpleName() + "); retry the request");
        }
    }

    // ---- mapping (entities never leave this class) ----

    private static IngestEntity toEntity(IngestSpec s) {
        IngestEntity e = new IngestEntity();
        e.name = s.name();
        e.nodeId = s.nodeId();
        e.latencyMs = (int) s.latency().toMillis();
        e.passphrase = s.passphrase();
        e.pbKeyLen = s.pbKeyLen();
        e.sourceMode = s.source().mode().json();
        e.sourcePort = s.source().port();
        e.sourceAddress = s.source().address();
        e.sourceStreamId = s.source().streamId();
        e.allowedCidrs = join(s.allowedCidrs());
        SourceSpec b = s.backup();
        if (b != null) {
            e.backupMode = b.mode().json();
            e.backupPort = b.port();
            e.backupAddress = b.address();
            e.backupStreamId = b.streamId();
        }
        writeFailover(e, s.failover());
        e.createdAt = s.createdAt();
        return e;
    }

    private static IngestSpec toSpec(IngestEntity e) {
        return new IngestSpec(
                e.name,
                e.nodeId,
                Duration.ofMillis(e.latencyMs),
                e.passphrase,
                e.pbKeyLen,
                e.allowedCidrs == null ? List.of() : cidrs(List.of(e.allowedCidrs.split(","))),
                new SourceSpec(SourceMode.parse(e.sourceMode), e.sourcePort, e.sourceAddress, e.sourceStreamId),
                e.backupMode == null
                        ? null
                        : new SourceSpec(
                                SourceMode.parse(e.backupMode), e.backupPort, e.backupAddress, e.backupStreamId),
                new FailoverPolicy(
                        FailoverPolicy.Mode.parse(e.failoverMode, "failover_mode"),
                        Duration.ofMillis(e.switchAfterMs),
                        Duration.ofMillis(e.revertAfterMs),
                        e.minBitrateKbps),
                e.createdAt);
    }

    private static OutputSpec toSpec(OutputEntity e) {
        return new OutputSpec(
                e.id, e.ingestName, OutputType.parse(e.type), OutputUrl.parse(e.url), e.port, e.createdAt);
    }
}
