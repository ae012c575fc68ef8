package io.sluice.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An {@code application/problem+json} body (RFC 9457). */
@Schema(description = "Why a request was refused (RFC 9457 problem details).")
public record ProblemBody(
        @Schema(
                description = "Always about:blank: the status and title say what kind of problem it is.",
                example = "about:blank")
        String type,

        @Schema(description = "The HTTP status in words.", example = "Conflict")
        String title,

        @Schema(description = "The HTTP status.", example = "409")
        int status,

        @Schema(
                description = "What went wrong and what to do about it, for a person.",
                example = "port 10005 is already allocated to ingest cam2")
        String detail,

        @Schema(description = "The request path.", example = "/api/v1/ingests")
        String instance) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    public static Response response(int status, String title, String detail, String instance) {
        return Response.status(status)
                .type(PROBLEM_JSON)
                .entity(new ProblemBody("about:blank", title, status, detail, instance))
                .build();
    }
}
