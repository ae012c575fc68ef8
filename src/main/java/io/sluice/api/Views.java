package io.sluice.api;

import io.sluice.ingest.FailoverPolicy;
import io.sluice.ingest.IngestRuntime;
import io.sluice.ingest.IngestSnapshot;
import io.sluice.ingest.IngestSpec;
import io.sluice.ingest.OutputSnapshot;
import io.sluice.ingest.Source;
import io.sluice.ingest.SourceState;
import io.sluice.output.OutputRunner;
import io.sluice.output.OutputState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON answers of the API, built from snapshots. No secret ever reaches these records. */
public final class Views {
    private Views() {}

    @Schema(description = "An ingest: a named live input, its source and its outputs.")
    public record IngestView(
            @Schema(description = "The ingest's name, its key in every path.", example = "cam1")
            String name,

            @Schema(description = "The node that owns the ingest and binds its sockets.", example = "sluice-0")
            String node,

            @Schema(description = "waiting (no publisher), connected or error.", example = "connected")
            String state,

            @Schema(description = "SRT latency for the next connection, ms.", example = "120")
            int latencyMs,

            @Schema(description = "Whether encoders must use a passphrase (which is never returned).", example = "true")
            boolean encrypted,

            @Schema(
                    description = "Networks publishers may come from; empty = anyone.",
                    example = "[\"198.51.100.0/24\"]")
            List<String> allowedCidrs,

            @Schema(description = "The primary source.", example = "{\"mode\":\"listener\",\"port\":10005}")
            SourceView source,

            @Schema(description = "The backup source, or null when there is none.", example = "null")
            SourceView backup,

            @Schema(
                    description = "primary or backup: the source feeding the outputs; null while no source has a"
                            + " publisher.",
                    example = "primary")
            String activeSource,

            @Schema(
                    description = "How the active source is chosen; null without a backup.",
                    example = "{\"mode\":\"auto\",\"switchAfterMs\":500,\"revertAfterMs\":10000,\"minBitrateKbps\":0}")
            FailoverPolicyView failover,

            @Schema(description = "The ingest's outputs.", example = "[]")
            List<OutputView> outputs,

            @Schema(description = "When the ingest was created (UTC).", example = "2026-11-21T06:00:56.441Z")
            OffsetDateTime createdAt) {}

    @Schema(description = "The failover policy of an ingest with a backup source.")
    public record FailoverPolicyView(
            @Schema(description = "auto (switch on health), primary or backup (held until released).", example = "auto")
            String mode,

            @Schema(
                    description = "How long the active source may be silent (or without video, under the bitrate"
                            + " floor, damaged) before a switch, ms.",
                    example = "500")
            int switchAfterMs,

            @Schema(
                    description = "How long the primary must be clean before a revert, ms; 0 = never.",
                    example = "10000")
            int revertAfterMs,

            @Schema(description = "Bitrate floor of a healthy source, kbit/s; 0 = none.", example = "0")
            int minBitrateKbps) {}

    @Schema(description = "A source of an ingest: where the encoder's SRT connection arrives.")
    public record SourceView(
            @Schema(description = "listener, caller or rendezvous.", example = "listener")
            String mode,

            @Schema(description = "The UDP port of a listener source.", example = "10005")
            Integer port,

            @Schema(
                    description = "The URL to give the encoder: the source's own port.",
                    example = "srt://203.0.113.7:10005")
            String url,

            @Schema(
                    description = "The same source on the node's shared port, by stream ID.",
                    example = "srt://203.0.113.7:8890?streamid=publish:cam1")
            String sharedUrl,

            @Schema(
                    description = "The remote peer a caller or rendezvous source connects to.",
                    example = "203.0.113.9:9000")
            String address,

            @Schema(description = "The stream ID a caller source sends.", example = "live/cam1")
            String streamId,

            @Schema(description = "waiting, connected or error.", example = "connected")
            String state,

            @Schema(description = "The publisher's address while connected.", example = "198.51.100.4:50312")
            String peer,

            @Schema(description = "When the publisher connected.", example = "2026-11-21T06:02:10Z")
            Instant connectedAt,

            @Schema(
                    description = "Why the source cannot work, when state is error.",
                    example = "cannot listen on port 10005: srt_bind failed: SRT_EBINDCONFLICT (5015)")
            String error) {}

    @Schema(description = "An output of an ingest.")
    public record OutputView(
            @Schema(description = "The output's id within its ingest.", example = "3f9a2c1b")
            String id,

            @Schema(description = "srt or udp.", example = "srt")
            String type,

            @Schema(
                    description = "The destination, secrets shown as ***; a listener shows the port it bound.",
                    example = "srt://10.0.0.9:9000?passphrase=***&latency=200")
            String url,

            @Schema(description = "The port a listener output holds.", example = "10006")
            Integer port,

            @Schema(description = "connecting, active, error or stopped.", example = "active")
            String state,

            @Schema(
                    description = "Why the last attempt failed (the output retries with backoff).",
                    example = "cannot connect to 10.0.0.9:9000: Connection timeout (16)")
            String error,

            @Schema(description = "Payloads sent (one SRT message or UDP datagram each).", example = "95040")
            long packetsSent,

            @Schema(description = "Payload bytes sent.", example = "125072640")
            long bytesSent,

            @Schema(
                    description = "Payloads this output lost: queue full, not connected, destination busy.",
                    example = "0")
            long packetsDropped,

            @Schema(description = "Decoders pulling from a listener output.", example = "[]")
            List<ReaderView> readers,

            @Schema(description = "When the output was created (UTC).", example = "2026-11-21T06:01:00Z")
            OffsetDateTime createdAt) {}

    @Schema(description = "A decoder pulling from a listener output.")
    public record ReaderView(
            @Schema(description = "The decoder's address.", example = "192.0.2.20:40112")
            String peer,

            @Schema(description = "When it connected.", example = "2026-11-21T06:03:00Z")
            Instant connectedAt,

            @Schema(description = "Payloads sent to it.", example = "4750")
            long packetsSent,

            @Schema(description = "Payloads it could not take (its send buffer was full).", example = "0")
            long packetsDropped) {}

    static IngestView ingest(IngestSnapshot s) {
        IngestSpec spec = s.spec();
        IngestRuntime rt = s.runtime();
        String state;
        String error;
        if (rt != null) {
            state = lower(rt.state());
            error = rt.error();
        } else if (s.ownerLive()) {
            state = s.storedState(); // as the owning node last wrote it
            error = s.storedError();
        } else {
            state = lower(SourceState.ERROR);
            error = "node " + spec.nodeId() + " is not running (no recent heartbeat)";
        }
        SourceView source = source(s, spec.source(), rt == null ? null : rt.primary(), "", state, error);
        SourceView backup = spec.backup() == null
                ? null
                : source(s, spec.backup(), rt == null ? null : rt.backup(), ":backup", null, null);
        List<OutputView> outputs =
                new ArrayList<>(s.outputs().stream().map(Views::output).toList());
        OutputRunner shared = rt == null ? null : rt.sharedReaders();
        String host = s.ownerHost();
        if (shared != null && host != null) {
            String url = srtUrl(host, s.ownerSharedPort()) + "?streamid=read:" + spec.name();
            outputs.add(output(shared, url, null, null));
        }
        Source active = rt == null ? null : rt.activeSource();
        FailoverPolicy fo = spec.failover();
        return new IngestView(
                spec.name(),
                spec.nodeId(),
                state,
                (int) spec.latency().toMillis(),
                spec.encrypted(),
                spec.allowedCidrs().stream().map(Object::toString).toList(),
                source,
                backup,
                active == null ? null : active.role(),
                spec.hasBackup()
                        ? new FailoverPolicyView(
                                fo.mode().json(),
                                (int) fo.switchAfter().toMillis(),
                                (int) fo.revertAfter().toMillis(),
                                fo.minBitrateKbps())
                        : null,
                outputs,
                spec.createdAt());
    }

    /**
     * One source's view. {@code live} is the running source on the owning node (else null: the state is the
     * stored one for the primary, unknown for the backup). {@code role} is "" or ":backup" (stream ID suffix).
     */
    private static SourceView source(
            IngestSnapshot s, IngestSpec.SourceSpec src, Source live, String role, String storedState, String error) {
        String host = s.ownerHost();
        boolean listener = src.acceptsPublishers();
        return new SourceView(
                src.mode().json(),
                src.port(),
                listener && src.port() != null && host != null ? srtUrl(host, src.port()) : null,
                listener && s.ownerSharedPort() > 0 && host != null
                        ? srtUrl(host, s.ownerSharedPort()) + "?streamid=publish:"
                                + s.spec().name() + role
                        : null,
                src.address(),
                src.streamId(),
                live != null ? lower(live.state()) : storedState,
                live == null ? null : live.peer(),
                live == null ? null : live.connectedAt(),
                live != null ? live.error() : error);
    }

    /** {@code srt://host:port} as an encoder or decoder is given it. */
    static String srtUrl(String host, int port) {
        return "srt://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static OutputView output(OutputSnapshot o) {
        OutputRunner r = o.runner();
        if (r != null)
            return output(
                    r, o.spec().url().redacted(), o.spec().port(), o.spec().createdAt());
        return new OutputView(
                o.spec().id(),
                o.spec().type().json(),
                o.spec().url().redacted(),
                o.spec().port(),
                lower(OutputState.STOPPED),
                null,
                0,
                0,
                0,
                List.of(),
                o.spec().createdAt());
    }

    private static OutputView output(OutputRunner r, String url, Integer port, OffsetDateTime createdAt) {
        List<ReaderView> readers = r.output().readers().stream()
                .map(x -> new ReaderView(x.peer(), x.connectedAt(), x.packetsSent(), x.packetsDropped()))
                .toList();
        return new OutputView(
                r.id(),
                r.type().json(),
                url,
                port,
                lower(r.state()),
                r.lastError(),
                r.packetsSent(),
                r.bytesSent(),
                r.packetsDropped(),
                readers,
                createdAt);
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
