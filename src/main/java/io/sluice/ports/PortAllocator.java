package io.sluice.ports;

import io.sluice.persistence.PortAllocationEntity;
import io.sluice.problem.Problem;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out the UDP ports of this node's range. A port is allocated by inserting a {@code port_allocation}
 * row in the caller's transaction, whose primary key makes handing a port out twice impossible; ports that
 * another process on this host holds are skipped. Deleting the row (or the ingest) returns the port.
 *
 * <p>Threads: callers take {@link #lock()} around the transaction that allocates and commits, so that
 * concurrent requests in this process do not race for the same lowest free port.
 */
public final class PortAllocator {
    private final PortRange range;
    private final String nodeId;
    /**
     * Ports this process released recently → System.nanoTime() of the release. libsrt lets go of a closed
     * socket's UDP port a little later, but lets this process bind it again at once; the host probe would
     * take libsrt's lingering socket for another process's, so these ports skip the probe for a while.
     */
    private final Map<Integer, Long> releasedHere = new ConcurrentHashMap<>();

    private static final long RELEASE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private final ReentrantLock lock = new ReentrantLock(true);

    public PortAllocator(PortRange range, String nodeId) {
        this.range = range;
        this.nodeId = nodeId;
    }

    public PortRange range() {
        return range;
    }

    /** Serializes allocating transactions within this process; hold it until the commit. */
    public ReentrantLock lock() {
        return lock;
    }

    /**
     * Picks a port: {@code requested} if given (it must be in the range and free), else the lowest free
     * one. Call {@link #hold} in the same transaction, after the owning ingest row exists.
     */
    public int pick(Integer requested) {
        return pick(requested, null);
    }

    /**
     * As {@link #pick(Integer)}, also passing over {@code pickedAlready} (a port picked earlier in the same
     * transaction and not held yet; null for none). The caller makes sure {@code requested} is not it.
     */
    public int pick(Integer requested, Integer pickedAlready) {
        if (requested != null) {
            if (!range.contains(requested)) {
                throw Problem.invalid("port " + requested + " is outside this node's range " + range
                        + " (sluice.ports.range); leave the port out to get the next free one");
            }
            PortAllocationEntity held = PortAllocationEntity.findById(requested);
            if (held != null) {
                throw Problem.conflict("port " + requested + " is already allocated to ingest " + held.ingestName
                        + (held.purpose.startsWith("output:") ? " (" + held.purpose + ")" : ""));
            }
            if (!freeOnHost(requested)) {
                throw Problem.conflict("port " + requested
                        + " is in use by another process on this host; choose another or leave the port out");
            }
            return requested;
        }
        List<Integer> taken = PortAllocationEntity.portsBetween(range.first(), range.last());
        Set<Integer> allocated = new HashSet<>(taken);
        if (pickedAlready != null) allocated.add(pickedAlready);
        int busyElsewhere = 0;
        for (int p = range.first(); p <= range.last(); p++) {
            if (allocated.contains(p)) continue;
            if (freeOnHost(p)) return p;
            busyElsewhere++;
        }
        throw Problem.conflict("no free port left in range " + range + " (" + range.size() + " ports: "
                + allocated.size() + " allocated, " + busyElsewhere
                + " held by other processes); delete an ingest or output, or widen sluice.ports.range");
    }

    /** Records {@code port} as held by {@code ingest} for {@code purpose}, in the caller's transaction. */
    public void hold(int port, String ingest, String purpose) {
        PortAllocationEntity a = new PortAllocationEntity();
        a.port = port;
        a.nodeId = nodeId;
        a.ingestName = ingest;
        a.purpose = purpose;
        a.persist();
        changed();
    }

    /** Returns the port(s) {@code ingest} holds for {@code purpose}, in the caller's transaction. */
    public void release(String ingest, String purpose) {
        for (PortAllocationEntity a :
                PortAllocationEntity.<PortAllocationEntity>list("ingestName = ?1 and purpose = ?2", ingest, purpose)) {
            releasedHere.put(a.port, System.nanoTime());
            a.delete();
        }
        changed();
    }

    /** Returns every port {@code ingest} holds, in the caller's transaction. */
    public void releaseAll(String ingest) {
        for (PortAllocationEntity a : PortAllocationEntity.<PortAllocationEntity>list("ingestName", ingest)) {
            releasedHere.put(a.port, System.nanoTime());
            a.delete();
        }
        changed();
    }

    private boolean freeOnHost(int port) {
        Long released = releasedHere.get(port);
        if (released != null) {
            if (System.nanoTime() - released < RELEASE_GRACE_NANOS) return true;
            releasedHere.remove(port);
        }
        return PortProbe.isFree(port);
    }

    /** Ports of the range not allocated (another process may still hold some). */
    public long free() {
        return range.size() - PortAllocationEntity.countBetween(range.first(), range.last());
    }

    /**
     * Ports of the range neither allocated nor held by another process: what {@link #pick} could still hand
     * out. Probes the host for each unallocated port, so the answer is cached for a second.
     */
    public long freeOnHost() {
        long now = System.nanoTime();
        FreeCount c = freeCache;
        if (c != null && now - c.nanos < FREE_CACHE_NANOS) return c.free;
        Set<Integer> allocated = new HashSet<>(PortAllocationEntity.portsBetween(range.first(), range.last()));
        long free = 0;
        for (int p = range.first(); p <= range.last(); p++) {
            if (!allocated.contains(p) && freeOnHost(p)) free++;
        }
        freeCache = new FreeCount(free, now);
        return free;
    }

    /** Forgets the cached count; callers also call it after committing an allocation or a release. */
    public void changed() {
        freeCache = null;
    }

    private record FreeCount(long free, long nanos) {}

    private static final long FREE_CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private volatile FreeCount freeCache;
}
