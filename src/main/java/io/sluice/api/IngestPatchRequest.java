package io.sluice.api;

import io.sluice.ingest.IngestPatch;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PATCH /api/v1/ingests/{name}}. */
@Schema(
        description = "Changes to an ingest; absent fields stay as they are. Changes apply to the next connection:"
                + " the live one is not cut.")
public record IngestPatchRequest(
        @Schema(description = "New SRT latency in milliseconds, 0-60000.", example = "250")
        Integer latencyMs,

        @Schema(
                description = "New passphrase, 10-79 bytes (rotation); \"\" removes encryption.",
                example = "new-secret-2026")
        String passphrase,

        @Schema(description = "New AES key length: 16, 24 or 32.", example = "32")
        Integer pbKeyLen,

        @Schema(description = "New publisher allowlist (CIDR); [] = anyone.", example = "[\"198.51.100.0/24\"]")
        java.util.List<String> allowedCidrs,

        @Schema(
                description = "New failover policy (ingests with a backup); absent fields stay as they are.",
                example = "{\"revertAfterMs\":0}")
        IngestRequest.FailoverPolicyRequest failover) {

    IngestPatch toCommand() {
        return new IngestPatch(
                latencyMs, passphrase, pbKeyLen, allowedCidrs, failover == null ? null : failover.toCommand());
    }

    @Override
    public String toString() {
        return "IngestPatchRequest[latencyMs=" + latencyMs + "]";
    }
}
