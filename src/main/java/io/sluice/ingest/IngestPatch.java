package io.sluice.ingest;

import java.util.List;

/**
 * A change to an ingest (PATCH). Absent (null) fields stay as they are. A new passphrase or latency applies
 * to the next connection; the live one is not cut. An empty passphrase removes encryption. A failover policy
 * applies at once.
 */
public record IngestPatch(
        Integer latencyMs,
        String passphrase,
        Integer pbKeyLen,
        List<String> allowedCidrs,
        NewIngest.NewFailover failover) {
    boolean isEmpty() {
        return latencyMs == null && passphrase == null && pbKeyLen == null && allowedCidrs == null && failover == null;
    }

    @Override
    public String toString() {
        return "IngestPatch[latencyMs=" + latencyMs + (passphrase != null ? ", passphrase changed" : "")
                + (failover != null ? ", " + failover : "") + "]";
    }
}
