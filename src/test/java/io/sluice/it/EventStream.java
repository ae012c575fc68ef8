package io.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A Server-Sent Events client of {@code /api/v1/events} that records every event it receives. */
public final class EventStream implements AutoCloseable {
    public record Received(String name, JsonNode data) {}

    private final List<Received> events = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile Stream<String> lines;

    public EventStream(String baseUrl, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        reader = Thread.ofPlatform().name("sse-client").daemon(true).start(() -> {
            try {
                HttpResponse<Stream<String>> r =
                        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
                if (r.statusCode() != 200) throw new AssertionError("SSE answered " + r.statusCode());
                lines = r.body();
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("event:")) name = line.substring(6).strip();
                    else if (line.startsWith("data:"))
                        data.append(line.substring(5).strip());
                    else if (line.isEmpty()) {
                        if (name != null && !data.isEmpty())
                            events.add(new Received(name, Api.JSON.readTree(data.toString())));
                        name = null;
                        data.setLength(0);
                    }
                }
            } catch (Exception e) {
                // closed
            }
        });
    }

    /** Waits for an event named {@code name} about {@code ingest}; returns its data. */
    public JsonNode await(String name, String ingest, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received e : events) {
                if (e.name().equals(name)
                        && ingest.equals(e.data().path("ingest").asText())) return e.data();
            }
            Support.sleep(50);
        }
        throw new AssertionError("no " + name + " event for " + ingest + " within " + timeout + "; got "
                + events.stream().map(Received::name).toList());
    }

    /** Every event named {@code name} about {@code ingest} so far, oldest first. */
    public List<JsonNode> all(String name, String ingest) {
        return events.stream()
                .filter(e -> e.name().equals(name)
                        && ingest.equals(e.data().path("ingest").asText()))
                .map(Received::data)
                .toList();
    }

    /** Waits for the {@code n}-th event (1-based) named {@code name} about {@code ingest}; returns its data. */
    public JsonNode awaitNth(int n, String name, String ingest, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> found = all(name, ingest);
            if (found.size() >= n) return found.get(n - 1);
            Support.sleep(50);
        }
        throw new AssertionError("no " + n + ". " + name + " event for " + ingest + " within " + timeout + "; got "
                + events.stream().map(Received::name).toList());
    }

    public List<Received> events() {
        return events;
    }

    @Override
    public void close() {
        Stream<String> l = lines;
        if (l != null) l.close();
        reader.interrupt();
    }
}
