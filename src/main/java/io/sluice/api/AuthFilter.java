package io.sluice.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every {@code /api/} call needs {@code Authorization: Bearer <token>}; health and metrics do not. */
public class AuthFilter {
    private static final String BEARER = "Bearer ";

    @Inject
    ApiTokens tokens;

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/api/")) return null;
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        String problem;
        if (header == null || header.isBlank()) {
            problem = "this call needs a bearer token: send 'Authorization: Bearer <token>' (tokens come from"
                    + " sluice.api.tokens, or from the api-token file in the data directory)";
        } else if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            problem = "the Authorization header must be 'Bearer <token>'";
        } else if (!tokens.accepts(header.substring(BEARER.length()).strip())) {
            problem = "the bearer token is not valid: check it against sluice.api.tokens or the api-token file";
        } else {
            return null;
        }
        return Response.fromResponse(
                        ProblemBody.response(401, "Unauthorized", problem, "/" + path.replaceFirst("^/", "")))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sluice\"")
                .build();
    }
}
