package io.sluice.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something operators want to know as it happens: an ingest created, a publisher connected, an output in
 * error. Serialized as one Server-Sent Event whose name is {@link #type()} and whose data is a JSON object
 * of {@code time}, {@code node}, {@code ingest}, {@code output} (when it concerns one) and the details.
 *
 * @param type dotted name, e.g. {@code publisher.connected} (see {@link EventType})
 * @param ingest the ingest concerned, or null
 * @param output the output id concerned, or null
 * @param details further fields (peer, state, reason, ...); never a secret
 */
public record Event(String type, Instant time, String ingest, String output, Map<String, Object> details) {
    public Event {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Event of(EventType type, String ingest, String output, Map<String, Object> details) {
        return new Event(type.eventName(), Instant.now(), ingest, output, details);
    }

    public static Event of(EventType type, String ingest) {
        return of(type, ingest, null, Map.of());
    }
}
