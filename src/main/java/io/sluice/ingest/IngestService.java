package io.sluice.ingest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.config.Node;
import io.sluice.config.SluiceConfig;
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
import io.sluice.stream.LiveStream;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The ingest lifecycle: validates requests, commits the desired state, then applies it to the running
 * process; restores every ingest and output of this node at start.
 *
 * <p>Rule: desired state is committed before it is acted on. A create commits the ingest and its port
 * and then binds; a delete commits the removal and then closes sockets (a port is only reused after the
 * allocator finds it free on the host, so a socket still closing is never handed out again).
 */
@ApplicationScoped
public class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    /** An ingest name: the key in every path. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Engine engine;
    private final Drain drain;
    private final Node node;
    private final SluiceConfig config;
    private final Map<String, IngestRuntime> runtimes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean restored;

    @Inject
    public IngestService(Engine engine, Drain drain, Node node, SluiceConfig config) {
        this.engine = engine;
        this.drain = drain;
        this.node = node;
        this.config = config;
    }

    // ---- lifecycle ----

    void onStart(@Observes @Priority(100) StartupEvent event) {
        try {
            engine.start();
        } catch (RuntimeException e) {
            LOG.error("Sluice cannot start: " + e.getMessage());
            throw e;
        }
        restore();
    }

    void onStop(@Observes ShutdownEvent event) {
        for (IngestRuntime r : runtimes.values()) r.close();
        runtimes.clear();
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
                out.add(new IngestSnapshot(toSpec(e), null, outs));
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
                if (existing != null) {
                    throw Problem.conflict("an ingest named " + wanted.name() + " already exists"
                            + (existing.nodeId.equals(node.id()) ? "" : " on node " + existing.nodeId)
                            + "; choose another name or delete it first");
                }
                IngestSpec s = wanted;
                if (s.source().mode() == SourceMode.LISTENER) {
                    int port = ports.pick(s.source().port());
                    s = withSourcePort(s, port);
                }
                IngestEntity e = toEntity(s);
                e.persist();
                e.flush();
                if (s.source().port() != null) ports.hold(s.source().port(), s.name(), PortAllocationEntity.SOURCE);
                return s;
            });
        } finally {
            ports.lock().unlock();
        }
        IngestRuntime runtime = startRuntime(spec);
        LOG.infof("[ingest %s] created: %s", spec.name(), spec);
        return new IngestSnapshot(spec, runtime, List.of());
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

    /** Commits the removal, then stops the outputs and the source and frees the ports. */
    public void delete(String name) {
        inTransaction(() -> {
            IngestEntity e = find(name);
            requireOwned(e);
            engine.ports().releaseAll(name);
            OutputEntity.delete("ingestName", name);
            e.delete();
            return null;
        });
        IngestRuntime r = runtimes.remove(name);
        if (r != null) r.close();
        LOG.infof("[ingest %s] deleted", name);
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
                requireOwned(owner);
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
        }
        IngestRuntime r = runtimes.get(ingest);
        OutputRunner runner = null;
        if (r != null) {
            runner = engine.outputs().create(ingest, spec.id(), spec.type(), spec.url());
            r.addOutput(runner);
        }
        LOG.infof(
                "[ingest %s] output %s added: %s", ingest, spec.id(), spec.url().redacted());
        return new OutputSnapshot(spec, runner);
    }

    public List<OutputSnapshot> outputs(String ingest) {
        return get(ingest).outputs();
    }

    public void deleteOutput(String ingest, String id) {
        inTransaction(() -> {
            requireOwned(find(ingest));
            OutputEntity e = OutputEntity.find(ingest, id);
            if (e == null) {
                throw Problem.notFound("ingest " + ingest + " has no output " + id + "; GET /api/v1/ingests/" + ingest
                        + "/outputs lists them");
            }
            engine.ports().release(ingest, PortAllocationEntity.outputPurpose(id));
            e.delete();
            return null;
        });
        IngestRuntime r = runtimes.get(ingest);
        if (r != null) r.removeOutput(id);
        LOG.infof("[ingest %s] output %s deleted", ingest, id);
    }

    // ---- capacity ----

    /** Ports of this node's range not allocated. */
    public long freePorts() {
        return QuarkusTransaction.requiringNew().call(() -> engine.ports().free());
    }

    /** Ingests running in this process. */
    public int runningIngests() {
        return runtimes.size();
    }

    // ---- helpers ----

    private void refuseWhileDraining() {
        if (drain.isDraining()) {
            throw Problem.unavailable("this node is shutting down (draining); send the request to another node");
        }
    }

    private IngestRuntime startRuntime(IngestSpec spec) {
        LiveStream stream = new LiveStream(spec.name());
        ListenerSource primary = new ListenerSource(
                spec.name(),
                "primary",
                spec.source().port(),
                engine.bindAddress(),
                spec,
                stream,
                engine.plane(),
                engine.control(),
                engine.backoff());
        IngestRuntime r = new IngestRuntime(spec.name(), stream, primary);
        IngestRuntime previous = runtimes.put(spec.name(), r);
        if (previous != null) previous.close();
        r.start();
        return r;
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
        NewIngest.NewSource src = req.source();
        SourceMode mode = SourceMode.parse(src == null ? null : src.mode());
        if (mode != SourceMode.LISTENER) {
            throw Problem.invalid("source mode " + mode.json() + " is not available yet; use mode listener");
        }
        Integer port = src == null ? null : src.port();
        if (port != null && (port < 1 || port > 65535)) {
            throw Problem.invalid("source.port " + port + " is not a UDP port (1-65535)");
        }
        if (src != null && (src.address() != null || src.streamId() != null)) {
            throw Problem.invalid("source.address and source.streamId apply to caller and rendezvous sources only");
        }
        return new IngestSpec(
                name,
                node.id(),
                latency,
                passphrase,
                pbKeyLen,
                new SourceSpec(SourceMode.LISTENER, port, null, null),
                now());
    }

    private static IngestSpec withSourcePort(IngestSpec s, int port) {
        SourceSpec src = s.source();
        return new IngestSpec(
                s.name(),
                s.nodeId(),
                s.latency(),
                s.passphrase(),
                s.pbKeyLen(),
                new SourceSpec(src.mode(), port, src.address(), src.streamId()),
                s.createdAt());
    }

    private IngestSnapshot snapshot(IngestEntity e) {
        IngestRuntime r = e.nodeId.equals(node.id()) ? runtimes.get(e.name) : null;
        List<OutputSnapshot> outs = new ArrayList<>();
        for (OutputEntity o : OutputEntity.of(e.name)) {
            outs.add(new OutputSnapshot(toSpec(o), r == null ? null : r.output(o.id)));
        }
        return new IngestSnapshot(toSpec(e), r, outs);
    }

    private static IngestEntity find(String name) {
        IngestEntity e = name == null ? null : IngestEntity.findById(name);
        if (e == null) {
            throw Problem.notFound("there is no ingest named " + name + "; GET /api/v1/ingests lists them");
        }
        return e;
    }

    private void requireOwned(IngestEntity e) {
        if (!e.nodeId.equals(node.id())) {
            throw Problem.conflict(
                    "ingest " + e.name + " is owned by node " + e.nodeId + "; send this request to that node");
        }
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
    private static <T> T inTransaction(java.util.concurrent.Callable<T> work) {
        try {
            return QuarkusTransaction.requiringNew().call(work);
        } catch (Problem p) {
            throw p;
        } catch (PersistenceException | io.quarkus.narayana.jta.QuarkusTransactionException e) {
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
                new SourceSpec(SourceMode.parse(e.sourceMode), e.sourcePort, e.sourceAddress, e.sourceStreamId),
                e.createdAt);
    }

    private static OutputSpec toSpec(OutputEntity e) {
        return new OutputSpec(
                e.id, e.ingestName, OutputType.parse(e.type), OutputUrl.parse(e.url), e.port, e.createdAt);
    }
}
