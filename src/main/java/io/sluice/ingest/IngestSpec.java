package io.sluice.ingest;

import io.sluice.access.Cidr;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The validated desired state of an ingest, as stored.
 *
 * @param passphrase SRT passphrase or null; a secret (toString hides it)
 * @param pbKeyLen 0 = libsrt default (16)
 * @param allowedCidrs publisher networks allowed on the dedicated and shared ports; empty = anyone
 * @param backup the backup source, or null for none
 * @param failover how the active source is chosen when there is a backup (kept without one, unused)
 */
public record IngestSpec(
        String name,
        String nodeId,
        Duration latency,
        String passphrase,
        int pbKeyLen,
        List<Cidr> allowedCidrs,
        SourceSpec source,
        SourceSpec backup,
        FailoverPolicy failover,
        OffsetDateTime createdAt) {

    public IngestSpec {
        allowedCidrs = List.copyOf(allowedCidrs);
    }

    public boolean encrypted() {
        return passphrase != null;
    }

    /** The same ingest with other connection settings. */
    public IngestSpec with(Duration newLatency, String newPassphrase, int newPbKeyLen, List<Cidr> newAllowed) {
        return new IngestSpec(
                name, nodeId, newLatency, newPassphrase, newPbKeyLen, newAllowed, source, backup, failover, createdAt);
    }

    /** The same ingest with other sources (a null backup: none). */
    public IngestSpec with(SourceSpec newSource, SourceSpec newBackup) {
        return new IngestSpec(
                name, nodeId, latency, passphrase, pbKeyLen, allowedCidrs, newSource, newBackup, failover, createdAt);
    }

    /** The same ingest with another failover policy. */
    public IngestSpec with(FailoverPolicy newFailover) {
        return new IngestSpec(
                name, nodeId, latency, passphrase, pbKeyLen, allowedCidrs, source, backup, newFailover, createdAt);
    }

    public boolean hasBackup() {
        return backup != null;
    }

    @Override
    public String toString() {
        return "IngestSpec[" + name + " on " + nodeId + ", latency " + latency.toMillis() + " ms, "
                + (encrypted() ? "encrypted" : "clear") + (allowedCidrs.isEmpty() ? "" : ", allow " + allowedCidrs)
                + ", " + source + (backup == null ? "" : ", backup " + backup + ", " + failover) + "]";
    }

    /**
     * @param port listener port (listener: the dedicated port; rendezvous: the local port); null until allocated
     * @param address remote host:port for caller/rendezvous
     * @param streamId sent to the remote listener (caller)
     */
    public record SourceSpec(SourceMode mode, Integer port, String address, String streamId) {
        /** Whether this source takes publishers that call in (on its port or the shared port). */
        public boolean acceptsPublishers() {
            return mode == SourceMode.LISTENER;
        }

        /** Whether this source holds a port of the range. */
        public boolean holdsPort() {
            return mode != SourceMode.CALLER;
        }
    }
}
