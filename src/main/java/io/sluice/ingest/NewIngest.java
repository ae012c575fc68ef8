package io.sluice.ingest;

/**
 * A request to create an ingest, as given (unvalidated; {@link IngestService} validates). Null = default.
 */
public record NewIngest(
        String name,
        Integer latencyMs,
        String passphrase,
        Integer pbKeyLen,
        java.util.List<String> allowedCidrs,
        NewSource source,
        NewSource backup,
        NewFailover failover) {
    @Override
    public String toString() {
        return "NewIngest[" + name + "]";
    }

    /** The source part of the request; null fields take defaults. */
    public record NewSource(String mode, Integer port, String address, String streamId) {}

    /** The failover policy as asked for; null fields keep the current (or default) value. */
    public record NewFailover(String mode, Integer switchAfterMs, Integer revertAfterMs, Integer minBitrateKbps) {}
}
