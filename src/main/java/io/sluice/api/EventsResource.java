package io.sluice.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.Node;
import io.sluice.events.Event;
import io.sluice.ingest.Engine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/v1/events}: this node's events as Server-Sent Events, from the moment of connecting. Each
 * event's name is its type ({@code publisher.connected}, ...) and its data a JSON object. A comment line
 * every 15 s keeps idle connections open through load balancers.
 */
@Path("/api/v1/events")
@Tag(name = "events", description = "Live events of this node")
public class EventsResource {
    private static final Logger LOG = Logger.getLogger(EventsResource.class);
    private static final ScheduledExecutorService KEEPALIVE = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("sluice-sse-keepalive").daemon(true).unstarted(r));

    @Inject
    Engine engine;

    @Inject
    Node node;

    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            summary = "Stream events",
            description = "Server-Sent Events from the moment of connecting: ingest.created/updated/deleted,"
                    + " publisher.connected/disconnected/rejected, output.created/deleted/state,"
                    + " reader.connected/disconnected/rejected, source.error, node.draining. The event name is the type;"
                    + " the data is a JSON object with time, node, ingest, output and details.")
    public void stream(@Context SseEventSink sink, @Context Sse sse) {
        AtomicReference<Runnable> unsubscribe = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> keepalive = new AtomicReference<>();
        Runnable close = () -> {
            Runnable u = unsubscribe.getAndSet(null);
            if (u != null) u.run();
            ScheduledFuture<?> k = keepalive.getAndSet(null);
            if (k != null) k.cancel(false);
        };
        unsubscribe.set(engine.events().subscribe(event -> {
            if (sink.isClosed()) {
                close.run();
                return;
            }
            sink.send(sse.newEventBuilder()
                            .name(event.type())
                            .mediaType(MediaType.APPLICATION_JSON_TYPE)
                            .data(body(event))
                            .build())
                    .exceptionally(t -> {
                        close.run();
                        return null;
                    });
        }));
        keepalive.set(KEEPALIVE.scheduleAtFixedRate(
                () -> {
                    if (sink.isClosed()) close.run();
                    else sink.send(sse.newEventBuilder().comment("keepalive").build());
                },
                15,
                15,
                TimeUnit.SECONDS));
        sink.send(
                sse.newEventBuilder().comment("connected to node " + node.id()).build());
    }

    private String body(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.type());
        m.put("time", e.time().toString());
        m.put("node", node.id());
        if (e.ingest() != null) m.put("ingest", e.ingest());
        if (e.output() != null) m.put("output", e.output());
        m.putAll(e.details());
        try {
            return json.writeValueAsString(m);
        } catch (Exception ex) {
            LOG.debug("event not serializable", ex);
            return "{\"type\":\"" + e.type() + "\"}";
        }
    }
}
