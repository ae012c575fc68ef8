package io.sluice.ingest;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The validated desired state of an ingest, as stored.
 *
 * @param passphrase SRT passphrase or null; a secret (toString hides it)
 * @param pbKeyLen 0 = libsrt default (16)
 */
public record IngestSpec(
        String name,
        String nodeId,
        Duration latency,
        String passphrase,
        int pbKeyLen,
        SourceSpec source,
        OffsetDateTime createdAt) {

    public boolean encrypted() {
        return passphrase != null;
    }

    @Override
    public String toString() {
        return "IngestSpec[" + name + " on " + nodeId + ", latency " + latency.toMillis() + " ms, "
                + (encrypted() ? "encrypted" : "clear") + ", " + source + "]";
    }

    /**
     * @param port listener port; null until allocated
     * @param address remote host:port for caller/rendezvous
     */
    public record SourceSpec(SourceMode mode, Integer port, String address, String streamId) {}
}
