package io.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client of the gateway's REST API, for tests. */
public final class Api {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String token;
    /** Extra request headers, name then value. */
    private final java.util.List<String> headers;

    public Api(String base, String token) {
        this(base, token, java.util.List.of());
    }

    private Api(String base, String token, java.util.List<String> headers) {
        this.base = base;
        this.token = token;
        this.headers = headers;
    }

    /** The same API with another (or no: null) token. */
    public Api withToken(String other) {
        return new Api(base, other, headers);
    }

    /** The same API sending one more header. */
    public Api withHeader(String name, String value) {
        java.util.List<String> more = new java.util.ArrayList<>(headers);
        more.add(name);
        more.add(value);
        return new Api(base, token, java.util.List.copyOf(more));
    }

    public Reply get(String path) {
        return send("GET", path, null, null);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Reply post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    public Reply patch(String path, String json) {
        return send("PATCH", path, json, "application/json");
    }

    public Reply send(String method, String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (contentType != null) b.header("Content-Type", contentType);
        for (int i = 0; i < headers.size(); i += 2) b.header(headers.get(i), headers.get(i + 1));
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        } catch (IOException e) {
            return new Reply(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Creates an ingest from a JSON body and returns the answer, asserting 201. */
    public JsonNode createIngest(String json) {
        return post("/api/v1/ingests", json).expect(201);
    }

    /** Adds an output and returns it, asserting 201. */
    public JsonNode addOutput(String ingest, String type, String url) {
        String body = JSON.createObjectNode().put("type", type).put("url", url).toString();
        return post("/api/v1/ingests/" + ingest + "/outputs", body).expect(201);
    }

    public JsonNode ingest(String name) {
        return get("/api/v1/ingests/" + name).expect(200);
    }

    /** The output {@code id} of {@code ingest} as listed. */
    public JsonNode output(String ingest, String id) {
        for (JsonNode o : get("/api/v1/ingests/" + ingest + "/outputs").expect(200)) {
            if (o.path("id").asText().equals(id)) return o;
        }
        throw new AssertionError("no output " + id + " in " + ingest);
    }

    public record Reply(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** Asserts the status and returns the JSON body (null for an empty body). */
        public JsonNode expect(int wanted) {
            if (status != wanted) throw new AssertionError("expected HTTP " + wanted + ", got " + status + ": " + body);
            return body == null || body.isEmpty() ? null : json();
        }
    }
}
