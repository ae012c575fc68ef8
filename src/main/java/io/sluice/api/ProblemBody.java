package io.sluice.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An {@code application/problem+json} body (RFC 9457).
 *
 * @param type {@code about:blank}: the status and title say it all
 * @param detail what went wrong and what to do, for a person
 * @param instance the request path
 */
public record ProblemBody(String type, String title, int status, String detail, String instance) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    public static Response response(int status, String title, String detail, String instance) {
        return Response.status(status)
                .type(PROBLEM_JSON)
                .entity(new ProblemBody("about:blank", title, status, detail, instance))
                .build();
    }
}
