package io.sluice.ingest;

import io.sluice.config.Node;
import io.sluice.config.SluiceConfig;
import io.sluice.events.EventBus;
import io.sluice.output.Backoff;
import io.sluice.output.OutputFactory;
import io.sluice.ports.PortAllocator;
import io.sluice.ports.PortRange;
import io.sluice.srt.HandshakeWarmup;
import io.sluice.srt.SrtLibrary;
import io.sluice.stream.DataPlane;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The process-wide machinery behind ingests: libsrt (loaded and version-checked once), the data plane
 * threads and memory, the control scheduler ({@code sluice-control-N}: connects, retries, timers), the
 * output factory and the port allocator. Started by {@link IngestService} at startup.
 */
@ApplicationScoped
public class Engine {
    private static final Logger LOG = Logger.getLogger(Engine.class);

    private final SluiceConfig config;
    private final Node node;

    private volatile SrtLibrary srt;
    private volatile DataPlane plane;
    private volatile ScheduledThreadPoolExecutor control;
    private volatile OutputFactory outputs;
    private volatile PortAllocator ports;
    private volatile Backoff backoff;
    private volatile InetAddress bindAddress;
    private volatile PortRange range;
    private final EventBus events = new EventBus();

    /** Loopback handshakes at start (see {@link HandshakeWarmup}): enough for JNA and the JIT's first tier. */
    private static final int WARMUP_HANDSHAKES = 20;

    @Inject
    public Engine(SluiceConfig config, Node node) {
        this.config = config;
        this.node = node;
    }

    /**
     * Runs the loopback handshakes of {@link HandshakeWarmup}: call once the node is sure to start (after it
     * joined the fleet) and before any ingest listens. A start refused earlier must leave no libsrt thread
     * attached to the JVM behind it: a node refused after the warm-up did not exit.
     */
    void warmUpHandshakes() {
        long warmStart = System.nanoTime();
        int warmed = HandshakeWarmup.run(WARMUP_HANDSHAKES);
        LOG.debugf(
                "%d SRT handshakes warmed the admission path in %d ms",
                warmed, (System.nanoTime() - warmStart) / 1_000_000);
    }

    /** Loads libsrt (or refuses, saying what to install) and starts the data plane threads. */
    synchronized void start() {
        if (plane != null) return;
        srt = SrtLibrary.load(config.srt().library());
        LOG.infof("libsrt %s loaded (%s)", srt.versionString(), srt.library());
        range = effectiveRange(
                PortRange.parse(config.ports().range()), config.ports().ordinalStride(), node.id());
        try {
            bindAddress = InetAddress.getByName(config.srt().bindAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(
                    "sluice.srt.bind-address '" + config.srt().bindAddress() + "' is not an address of this host", e);
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        int receive =
                config.dataPlane().receiveThreads() > 0 ? config.dataPlane().receiveThreads() : Math.max(1, cpus / 2);
        int send = config.dataPlane().sendThreads() > 0 ? config.dataPlane().sendThreads() : Math.max(1, cpus / 2);
        plane = new DataPlane(
                receive, send, config.dataPlane().poolSlab(), config.dataPlane().poolMax());
        AtomicInteger n = new AtomicInteger();
        control = new ScheduledThreadPoolExecutor(
                2,
                r -> Thread.ofPlatform()
                        .name("sluice-control-" + n.getAndIncrement())
                        .daemon(true)
                        .unstarted(r));
        control.setRemoveOnCancelPolicy(true);
        backoff = new Backoff(config.output().retryMin(), config.output().retryMax());
        outputs = new OutputFactory(
                plane,
                control,
                backoff,
                config.output().queueCapacity(),
                config.srt().latency(),
                events);
        LOG.infof(
                "data plane: %d receive thread(s), %d send thread(s); node %s, ports %s, public host %s",
                receive, send, node.id(), range, node.publicHost());
    }

    /**
     * The configured range, shifted by {@code ordinal × stride} when a stride is set and the node id ends
     * in {@code -<ordinal>} (StatefulSet pods: {@code sluice-0}, {@code sluice-1}, ...).
     */
    static PortRange effectiveRange(PortRange configured, int stride, String nodeId) {
        if (stride <= 0) return configured;
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(".*-(\\d+)$").matcher(nodeId);
        if (!m.matches()) {
            throw new IllegalStateException("sluice.ports.ordinal-stride is set but node id '" + nodeId
                    + "' does not end in -<ordinal> (as StatefulSet pod names do)");
        }
        int ordinal = Integer.parseInt(m.group(1));
        long first = configured.first() + (long) ordinal * stride;
        long last = configured.last() + (long) ordinal * stride;
        if (last > 65535) {
            throw new IllegalStateException("node " + nodeId + ": range " + configured + " shifted by " + ordinal
                    + " x " + stride + " passes port 65535");
        }
        return new PortRange((int) first, (int) last);
    }

    synchronized void stop() {
        if (plane == null) return;
        control.shutdownNow();
        try {
            control.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        plane.close();
        events.close();
        SrtLibrary.cleanup(); // joins libsrt's threads while the JVM is still fully alive
    }

    /** Sets the port range this node claimed in the fleet (see {@link NodeRegistry#register}). */
    synchronized void usePorts(PortRange claimed) {
        this.range = claimed;
        this.ports = new PortAllocator(claimed, node.id());
    }

    /** What sources of an ingest share; {@code onStateChange} runs on whatever thread changed the state. */
    SourceContext sourceContext(Runnable onStateChange) {
        return new SourceContext(plane, control, backoff, events, bindAddress, onStateChange);
    }

    /** This node's port range (after the ordinal shift, if any). */
    public PortRange range() {
        return range;
    }

    /** The event bus: every event of this node, for the SSE stream. */
    public EventBus events() {
        return events;
    }

    public boolean isStarted() {
        return plane != null;
    }

    /** True while the data plane's threads run (liveness). */
    public boolean isAlive() {
        DataPlane p = plane;
        return p != null && p.isAlive();
    }

    public SrtLibrary srt() {
        return srt;
    }

    public DataPlane plane() {
        return plane;
    }

    public ScheduledThreadPoolExecutor control() {
        return control;
    }

    public OutputFactory outputs() {
        return outputs;
    }

    public PortAllocator ports() {
        return ports;
    }

    public Backoff backoff() {
        return backoff;
    }

    public InetAddress bindAddress() {
        return bindAddress;
    }
}
