package io.sluice.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.sluice.problem.Problem;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answer of the API is {@code application/problem+json} with a message a person can act on. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** The owner's answer to a request this node forwarded ({@link Forwarder}), as it is. */
    @ServerExceptionMapper
    public Response forwarded(Forwarder.Forwarded f) {
        return f.response();
    }

    @ServerExceptionMapper
    public Response problem(Problem p, UriInfo uri) {
        return ProblemBody.response(p.status(), p.title(), p.detail(), path(uri));
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String known = e.getKnownPropertyIds() == null
                ? ""
                : "; known fields: "
                        + e.getKnownPropertyIds().stream()
                                .map(String::valueOf)
                                .sorted()
                                .collect(Collectors.joining(", "));
        return ProblemBody.response(
                400, "Invalid request", "unknown field '" + e.getPropertyName() + "'" + where(e) + known, path(uri));
    }

    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e, UriInfo uri) {
        return ProblemBody.response(
                400,
                "Invalid request",
                "field " + fieldPath(e) + " has the wrong type: expected "
                        + e.getTargetType().getSimpleName() + ", got " + e.getValue(),
                path(uri));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        String field = fieldPath(e);
        String detail = field.isEmpty()
                ? "the body does not have the expected JSON shape (an object such as {\"name\":\"cam1\"})"
                : "field " + field + " has the wrong type (expected "
                        + e.getTargetType().getSimpleName() + ")";
        return ProblemBody.response(400, "Invalid request", detail, path(uri));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        String msg = e.getOriginalMessage();
        return ProblemBody.response(
                400,
                "Invalid request",
                "the body is not valid JSON: " + msg + " (line "
                        + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")",
                path(uri));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return ProblemBody.response(404, "Not found", "no such resource: " + path(uri), path(uri));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return ProblemBody.response(
                405,
                "Method not allowed",
                "this resource allows " + e.getResponse().getAllowedMethods(),
                path(uri));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        return ProblemBody.response(415, "Unsupported media type", "send the body as application/json", path(uri));
    }

    @ServerExceptionMapper(priority = 5000)
    public Response web(WebApplicationException e, UriInfo uri) {
        // Quarkus REST wraps body-reading failures; answer for the JSON problem inside.
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof UnrecognizedPropertyException u) return unknownField(u, uri);
            if (c instanceof InvalidFormatException f) return wrongType(f, uri);
            if (c instanceof MismatchedInputException m) return mismatched(m, uri);
            if (c instanceof JsonParseException j) return malformedJson(j, uri);
        }
        int status = e.getResponse().getStatus();
        if (status < 500) {
            String reason = e.getResponse().getStatusInfo().getReasonPhrase();
            return ProblemBody.response(status, reason, e.getMessage() == null ? reason : e.getMessage(), path(uri));
        }
        return internal(e, uri);
    }

    @ServerExceptionMapper(priority = 6000)
    public Response internal(Throwable t, UriInfo uri) {
        String ref = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(t, "internal error %s on %s", ref, path(uri));
        return ProblemBody.response(
                500,
                "Internal error",
                "the gateway failed to handle this request; the log has the cause under" + " reference " + ref,
                path(uri));
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    private static String fieldPath(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String where(MismatchedInputException e) {
        String p = fieldPath(e);
        int dot = p.lastIndexOf('.');
        return dot < 0 ? "" : " in " + p.substring(0, dot);
    }
}
