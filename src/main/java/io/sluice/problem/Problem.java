package io.sluice.problem;

/**
 * A request Sluice refuses, with a message a person can act on and the HTTP status that fits it. Thrown by
 * services; {@code io.sluice.api} turns it into {@code application/problem+json}. Never put a secret in
 * the message.
 */
public class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;

    public Problem(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    /** 400: the request is malformed or a value is out of bounds. */
    public static Problem invalid(String detail) {
        return new Problem(400, "Invalid request", detail);
    }

    /** 404: the named thing does not exist. */
    public static Problem notFound(String detail) {
        return new Problem(404, "Not found", detail);
    }

    /** 409: the request conflicts with the current state (a name or port taken, a full range). */
    public static Problem conflict(String detail) {
        return new Problem(409, "Conflict", detail);
    }

    /** 503: the service cannot take the request now (starting, draining, database down). */
    public static Problem unavailable(String detail) {
        return new Problem(503, "Service unavailable", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }
}
