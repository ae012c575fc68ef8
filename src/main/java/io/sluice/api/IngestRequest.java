package io.sluice.api;

import io.sluice.ingest.NewIngest;

/**
 * Body of {@code POST /api/v1/ingests}. Everything but {@code name} is optional.
 *
 * @param name 1-64 of [A-Za-z0-9_-]; the ingest's key in every path
 * @param latencyMs SRT latency, ms (default sluice.srt.latency)
 * @param passphrase SRT encryption passphrase, 10-79 bytes; never returned
 * @param pbKeyLen AES key length 16, 24 or 32 (needs a passphrase)
 * @param source how the encoder connects; default a listener on the next free port
 */
public record IngestRequest(String name, Integer latencyMs, String passphrase, Integer pbKeyLen, SourceRequest source) {

    NewIngest toCommand() {
        return new NewIngest(
                name,
                latencyMs,
                passphrase,
                pbKeyLen,
                source == null
                        ? null
                        : new NewIngest.NewSource(source.mode(), source.port(), source.address(), source.streamId()));
    }

    @Override
    public String toString() {
        return "IngestRequest[" + name + "]";
    }

    /**
     * @param mode listener (default)
     * @param port listener port within sluice.ports.range; default the next free one
     */
    public record SourceRequest(String mode, Integer port, String address, String streamId) {}
}
