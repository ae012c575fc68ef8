package io.sluice.ingest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sluice.config.Node;
import io.sluice.config.SluiceConfig;
import io.sluice.persistence.FleetLockEntity;
import io.sluice.persistence.NodeEntity;
import io.sluice.ports.PortRange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * This node's entry in the fleet ({@code node} table): claimed at start under the fleet lock (refusing a
 * port range that overlaps a live node's), kept alive by a heartbeat, removed at a clean shutdown.
 *
 * <p>A node is live while its heartbeat is younger than three heartbeat periods ({@code sluice.node.heartbeat}).
 * Times are each node's own clock: nodes of a fleet are expected to run NTP; the window tolerates seconds
 * of skew.
 */
@ApplicationScoped
public class NodeRegistry {
    private static final Logger LOG = Logger.getLogger(NodeRegistry.class);

    private final Node node;
    private final Duration heartbeat;
    private volatile ScheduledFuture<?> beat;
    private volatile boolean draining;
    private volatile Map<String, NodeEntity> cache = Map.of();
    private volatile long cacheNanos;

    @Inject
    public NodeRegistry(Node node, SluiceConfig config) {
        this.node = node;
        this.heartbeat = config.node().heartbeat();
    }

    /**
     * Claims this node's place in the fleet and returns its port range: {@code configured} itself, or, with
     * {@code slotSize} > 0, the first slot of it that no live node holds (the node's previous slot first).
     * Refuses (IllegalStateException) when the range overlaps a live node's, or no slot is free. Then
     * heartbeats on {@code control}.
     */
    PortRange register(PortRange configured, int slotSize, int sharedPort, ScheduledExecutorService control) {
        PortRange range = QuarkusTransaction.requiringNew().call(() -> {
            FleetLockEntity.lock();
            OffsetDateTime now = now();
            List<NodeEntity> live = NodeEntity.<NodeEntity>listAll().stream()
                    .filter(n -> !n.id.equals(node.id()) && isLive(n, now))
                    .toList();
            NodeEntity mine = NodeEntity.findById(node.id());
            PortRange claimed = slotSize > 0 ? freeSlot(configured, slotSize, live, mine) : configured;
            for (NodeEntity other : live) {
                PortRange theirs = new PortRange(other.portFirst, other.portLast);
                if (theirs.overlaps(claimed)) {
                    long ago = Duration.between(other.heartbeatAt, now).toSeconds();
                    throw new IllegalStateException("port range " + claimed + " of node " + node.id()
                            + " overlaps the range " + theirs + " of node " + other.id + " (live: heartbeat " + ago
                            + " s ago); give every node its own sluice.ports.range");
                }
            }
            if (mine == null) {
                mine = new NodeEntity();
                mine.id = node.id();
            }
            mine.publicHost = node.publicHost();
            mine.portFirst = claimed.first();
            mine.portLast = claimed.last();
            mine.startedAt = now;
            mine.heartbeatAt = now;
            mine.draining = false;
            mine.sharedPort = sharedPort;
            mine.apiUrl = node.apiUrl();
            mine.persist();
            return claimed;
        });
        LOG.infof("node %s joined the fleet with ports %s", node.id(), range);
        beat = control.scheduleWithFixedDelay(
                this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        return range;
    }

    /** The node's previous slot if still free, else the first slot of {@code configured} no live node holds. */
    static PortRange freeSlot(PortRange configured, int size, List<NodeEntity> live, NodeEntity previous) {
        if (configured.size() < size) {
            throw new IllegalStateException(
                    "sluice.ports.slot-size " + size + " is larger than sluice.ports.range " + configured);
        }
        List<PortRange> taken =
                live.stream().map(n -> new PortRange(n.portFirst, n.portLast)).toList();
        if (previous != null) {
            PortRange before = new PortRange(previous.portFirst, previous.portLast);
            boolean inside = configured.contains(before.first()) && configured.contains(before.last());
            if (before.size() == size && inside && taken.stream().noneMatch(before::overlaps)) return before;
        }
        for (int first = configured.first(); first + size - 1 <= configured.last(); first += size) {
            PortRange slot = new PortRange(first, first + size - 1);
            if (taken.stream().noneMatch(slot::overlaps)) return slot;
        }
        throw new IllegalStateException("no free slot of " + size + " ports left in sluice.ports.range " + configured
                + ": " + live.size() + " live node(s) hold them; widen the range or stop a node");
    }

    private void beat() {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                NodeEntity mine = NodeEntity.findById(node.id());
                if (mine == null) return; // removed by an operator: stays out until restart
                mine.heartbeatAt = now();
                mine.draining = draining;
            });
        } catch (RuntimeException e) {
            LOG.warnf("node %s: heartbeat failed (%s)", node.id(), e.getMessage());
        }
    }

    /** Marks this node as draining in the fleet table (at once, then with every heartbeat). */
    void draining() {
        draining = true;
        beat();
    }

    /** Removes this node from the fleet (clean shutdown), so that its range may be claimed at once. */
    void unregister() {
        ScheduledFuture<?> b = beat;
        if (b != null) b.cancel(false);
        try {
            QuarkusTransaction.requiringNew().run(() -> NodeEntity.deleteById(node.id()));
        } catch (RuntimeException e) {
            LOG.warnf("node %s: could not leave the fleet table (%s)", node.id(), e.getMessage());
        }
    }

    /** The fleet as recorded, by node id; cached for a second. */
    public Map<String, NodeEntity> nodes() {
        long now = System.nanoTime();
        if (now - cacheNanos > 1_000_000_000L) {
            // A lambda, not NodeEntity::listAll: Panache enhances the static call site, not a method reference.
            List<NodeEntity> all = QuarkusTransaction.requiringNew().call(() -> NodeEntity.<NodeEntity>listAll());
            cache = all.stream().collect(Collectors.toMap(n -> n.id, Function.identity()));
            cacheNanos = now;
        }
        return cache;
    }

    /** True if {@code nodeId} is this node or a node whose heartbeat is recent. */
    public boolean isLive(String nodeId) {
        if (node.id().equals(nodeId)) return true;
        NodeEntity n = nodes().get(nodeId);
        return n != null && isLive(n, now());
    }

    /** The public host of {@code nodeId}, or null if unknown. */
    public String publicHost(String nodeId) {
        if (node.id().equals(nodeId)) return node.publicHost();
        NodeEntity n = nodes().get(nodeId);
        return n == null ? null : n.publicHost;
    }

    /** The REST API base URL of another node, or null if unknown. */
    public String apiUrl(String nodeId) {
        if (node.id().equals(nodeId)) return node.apiUrl();
        NodeEntity n = nodes().get(nodeId);
        return n == null ? null : n.apiUrl;
    }

    /** The shared SRT port of {@code nodeId} (0 = off or unknown). */
    public int sharedPort(String nodeId, int mine) {
        if (node.id().equals(nodeId)) return mine;
        NodeEntity n = nodes().get(nodeId);
        return n == null ? 0 : n.sharedPort;
    }

    private boolean isLive(NodeEntity n, OffsetDateTime now) {
        return n.heartbeatAt.isAfter(now.minus(heartbeat.multipliedBy(3)));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
