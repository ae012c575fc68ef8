package io.sluice.api;

import io.sluice.ingest.NewOutput;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/ingests/{name}/outputs}. */
@Schema(description = "A new output of an ingest.")
public record OutputRequest(
        @Schema(description = "srt or udp.", example = "srt", required = true)
        String type,

        @Schema(
                description = "Destination in srt-live-transmit's URL syntax: srt://host:port?mode=caller&latency=200"
                        + "&streamid=x&passphrase=...&pbkeylen=16 (push), srt://:0?mode=listener (decoders pull; port"
                        + " from the range when 0), udp://239.1.1.1:5000?ttl=8&localaddr=10.0.0.5.",
                example = "srt://10.0.0.9:9000?mode=caller&latency=200",
                required = true)
        String url) {
    NewOutput toCommand() {
        return new NewOutput(type, url);
    }

    @Override
    public String toString() {
        return "OutputRequest[" + type + "]";
    }
}
