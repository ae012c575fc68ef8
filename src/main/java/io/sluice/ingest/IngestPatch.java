package io.sluice.ingest;

/**
 * A change to an ingest (PATCH). Absent (null) fields stay as they are. A new passphrase or latency applies
 * to the next connection; the live one is not cut. An empty passphrase removes encryption.
 */
public record IngestPatch(Integer latencyMs, String passphrase, Integer pbKeyLen, java.util.List<String> allowedCidrs) {
    @Override
    public String toString() {
        return "IngestPatch[latencyMs=" + latencyMs + (passphrase != null ? ", passphrase changed" : "") + "]";
    }
}
