package io.sluice.api;

import io.sluice.config.Node;
import io.sluice.ingest.IngestRuntime;
import io.sluice.ingest.IngestSnapshot;
import io.sluice.ingest.IngestSpec;
import io.sluice.ingest.ListenerSource;
import io.sluice.ingest.OutputSnapshot;
import io.sluice.ingest.SourceState;
import io.sluice.output.OutputRunner;
import io.sluice.output.OutputState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/** The JSON answers of the API, built from snapshots. No secret ever reaches these records. */
public final class Views {
    private Views() {}

    /**
     * An ingest.
     *
     * @param node the node that owns it
     * @param state waiting, connected or error (from the active source)
     * @param activeSource primary or backup while a source feeds the outputs, else null
     */
    public record IngestView(
            String name,
            String node,
            String state,
            int latencyMs,
            boolean encrypted,
            SourceView source,
            SourceView backup,
            String activeSource,
            List<OutputView> outputs,
            OffsetDateTime createdAt) {}

    /**
     * A source of an ingest.
     *
     * @param url what to give the encoder, e.g. srt://203.0.113.7:10005
     * @param peer the publisher's address while connected
     * @param error why the source cannot work, when state is error
     */
    public record SourceView(
            String mode, Integer port, String url, String state, String peer, Instant connectedAt, String error) {}

    /**
     * An output.
     *
     * @param url as given, secrets shown as ***; a listener shows the port it bound
     * @param port the port a listener output holds
     * @param state connecting, active, error or stopped
     * @param error why the last attempt failed
     * @param packetsDropped lost by this output alone: queue full, not connected, destination busy
     * @param readers decoders pulling from a listener output
     */
    public record OutputView(
            String id,
            String type,
            String url,
            Integer port,
            String state,
            String error,
            long packetsSent,
            long bytesSent,
            long packetsDropped,
            List<ReaderView> readers,
            OffsetDateTime createdAt) {}

    /** A decoder pulling from a listener output. */
    public record ReaderView(String peer, Instant connectedAt, long packetsSent, long packetsDropped) {}

    static IngestView ingest(IngestSnapshot s, Node node) {
        IngestSpec spec = s.spec();
        IngestRuntime rt = s.runtime();
        ListenerSource primary = rt == null ? null : rt.primary();
        SourceState state = primary == null ? SourceState.WAITING : primary.state();
        Integer port = spec.source().port();
        SourceView source = new SourceView(
                spec.source().mode().json(),
                port,
                port == null ? null : node.srtUrl(port),
                lower(state),
                primary == null ? null : primary.peer(),
                primary == null ? null : primary.connectedAt(),
                primary == null ? null : primary.error());
        return new IngestView(
                spec.name(),
                spec.nodeId(),
                lower(state),
                (int) spec.latency().toMillis(),
                spec.encrypted(),
                source,
                null,
                state == SourceState.CONNECTED ? "primary" : null,
                s.outputs().stream().map(Views::output).toList(),
                spec.createdAt());
    }

    static OutputView output(OutputSnapshot o) {
        OutputRunner r = o.runner();
        List<ReaderView> readers = r == null
                ? List.of()
                : r.output().readers().stream()
                        .map(x -> new ReaderView(x.peer(), x.connectedAt(), x.packetsSent(), x.packetsDropped()))
                        .toList();
        return new OutputView(
                o.spec().id(),
                o.spec().type().json(),
                o.spec().url().redacted(),
                o.spec().port(),
                r == null ? lower(OutputState.STOPPED) : lower(r.state()),
                r == null ? null : r.lastError(),
                r == null ? 0 : r.packetsSent(),
                r == null ? 0 : r.bytesSent(),
                r == null ? 0 : r.packetsDropped(),
                readers,
                o.spec().createdAt());
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
