package io.sluice.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/ingests/{name}/failover}. */
@Schema(description = "Which source to put on air.")
public record FailoverRequest(
        @Schema(
                description = "primary or backup (held until released), or auto (switch on health).",
                example = "backup",
                required = true)
        String source) {}
