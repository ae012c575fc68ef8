package io.sluice.api;

import io.sluice.ingest.NewIngest;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/ingests}. Everything but {@code name} is optional. */
@Schema(description = "A new ingest: a named live input with an SRT source.")
public record IngestRequest(
        @Schema(
                description = "1-64 of [A-Za-z0-9_-]; the ingest's key in every path.",
                example = "cam1",
                required = true)
        String name,

        @Schema(
                description = "SRT latency (TSBPD delay) in milliseconds, 0-60000; default sluice.srt.latency.",
                example = "120")
        Integer latencyMs,

        @Schema(
                description = "SRT passphrase, 10-79 bytes; encoders must use it. Never returned.",
                example = "correct-horse-battery")
        String passphrase,

        @Schema(description = "AES key length in bytes: 16, 24 or 32 (needs a passphrase).", example = "16")
        Integer pbKeyLen,

        @Schema(
                description = "Networks (IPv4/IPv6 CIDR) publishers may come from, on the ingest's port and on the"
                        + " shared port; absent or empty = anyone.",
                example = "[\"198.51.100.0/24\", \"2001:db8::/32\"]")
        List<String> allowedCidrs,

        @Schema(
                description = "How the encoder connects; default a listener on the next free port of the range.",
                example = "{\"mode\":\"listener\",\"port\":10005}")
        SourceRequest source,

        @Schema(
                description = "A backup source (another encoder), received and analysed all the time; absent = none."
                        + " A listener backup has a port of its own and is also reachable on the shared port with"
                        + " streamid publish:<name>:backup or #!::r=<name>,m=publish,s=backup.",
                example = "{\"mode\":\"listener\"}")
        SourceRequest backup,

        @Schema(
                description = "How the active source is chosen (needs a backup); absent fields take the defaults.",
                example = "{\"mode\":\"auto\",\"switchAfterMs\":500,\"revertAfterMs\":10000}")
        FailoverPolicyRequest failover) {

    NewIngest toCommand() {
        return new NewIngest(
                name,
                latencyMs,
                passphrase,
                pbKeyLen,
                allowedCidrs,
                source == null ? null : source.toCommand(),
                backup == null ? null : backup.toCommand(),
                failover == null ? null : failover.toCommand());
    }

    @Override
    public String toString() {
        return "IngestRequest[" + name + "]";
    }

    @Schema(description = "The source of an ingest.")
    public record SourceRequest(
            @Schema(
                    description = "listener (Sluice listens on the port and the shared port; the encoder calls),"
                            + " caller (Sluice calls the remote listener at address and pulls), or rendezvous"
                            + " (both call each other; Sluice uses the port).",
                    example = "listener")
            String mode,

            @Schema(
                    description = "Listener (or rendezvous local) port within sluice.ports.range; default the next"
                            + " free one.",
                    example = "10005")
            Integer port,

            @Schema(
                    description = "host:port of the remote listener (caller and rendezvous modes).",
                    example = "203.0.113.7:9000")
            String address,

            @Schema(description = "Stream ID sent to the remote listener (caller mode).", example = "live/cam1")
            String streamId) {
        NewIngest.NewSource toCommand() {
            return new NewIngest.NewSource(mode, port, address, streamId);
        }
    }

    @Schema(description = "The failover policy between primary and backup.")
    public record FailoverPolicyRequest(
            @Schema(
                    description = "auto (switch on health; the default), primary or backup (hold that source).",
                    example = "auto")
            String mode,

            @Schema(
                    description = "Silence of the active source (or missing video, bitrate under the floor, damage"
                            + " by continuity errors, for as long) that switches, 100-60000 ms; default 500.",
                    example = "500")
            Integer switchAfterMs,

            @Schema(
                    description = "How long the primary must be clean before going back to it, 0-3600000 ms;"
                            + " 0 = never; default 10000.",
                    example = "10000")
            Integer revertAfterMs,

            @Schema(
                    description = "Bitrate floor of a healthy source, kbit/s of transport stream; 0 (default) = none.",
                    example = "1000")
            Integer minBitrateKbps) {
        NewIngest.NewFailover toCommand() {
            return new NewIngest.NewFailover(mode, switchAfterMs, revertAfterMs, minBitrateKbps);
        }
    }
}
