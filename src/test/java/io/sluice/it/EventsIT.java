package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/v1/events: what happens, as it happens, as Server-Sent Events with a JSON body. */
class EventsIT {
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void ingestPublisherAndOutputEventsArriveInOrderWithTheirDetails() {
        try (Gateway gateway = new Gateway("events", "21180-21189").start();
                Peers peers = new Peers("events");
                EventStream events = new EventStream(gateway.baseUrl(), Gateway.TOKEN)) {
            Api api = gateway.api();
            Support.sleep(500); // the stream is open
            int ingestPort = api.createIngest("{\"name\":\"ev\"}")
                    .path("source")
                    .path("port")
                    .asInt();
            JsonNode created = events.await("ingest.created", "ev", WAIT);
            assertThat(created.path("port").asInt()).isEqualTo(ingestPort);
            assertThat(created.path("node").asText()).isEqualTo("events");
            assertThat(created.path("time").asText()).isNotBlank();

            int deadPort = Support.freeUdpPort();
            String outputId = api.addOutput(
                            "ev", "srt", "srt://127.0.0.1:" + deadPort + "?conntimeo=500&passphrase=never-shown-1")
                    .path("id")
                    .asText();
            JsonNode outCreated = events.await("output.created", "ev", WAIT);
            assertThat(outCreated.path("output").asText()).isEqualTo(outputId);
            assertThat(outCreated.path("url").asText()).contains("passphrase=***");
            JsonNode outError = events.await("output.state", "ev", WAIT);
            assertThat(outError.path("state").asText()).isEqualTo("error");
            assertThat(outError.path("error").asText()).contains("cannot connect");

            int udpIn = Support.freeUdpPort();
            Process publisher = peers.srtLiveTransmit("pub.out", "udp://:" + udpIn, "srt://127.0.0.1:" + ingestPort);
            JsonNode connected = events.await("publisher.connected", "ev", WAIT);
            assertThat(connected.path("peer").asText()).startsWith("127.0.0.1:");
            assertThat(connected.path("source").asText()).isEqualTo("primary");

            peers.srtLiveTransmit("second.out", "udp://:" + Support.freeUdpPort(), "srt://127.0.0.1:" + ingestPort);
            JsonNode rejected = events.await("publisher.rejected", "ev", WAIT);
            assertThat(rejected.path("reason").asText())
                    .isEqualTo("another publisher is live ("
                            + connected.path("peer").asText() + ")");
            assertThat(rejected.path("rejectReason").asInt()).isEqualTo(1409);

            Peers.interrupt(publisher);
            assertThat(events.await("publisher.disconnected", "ev", WAIT)
                            .path("peer")
                            .asText())
                    .isEqualTo(connected.path("peer").asText());

            api.delete("/api/v1/ingests/ev").expect(204);
            events.await("ingest.deleted", "ev", WAIT);
            List<String> names = events.events().stream()
                    .filter(e -> e.data().path("ingest").asText().equals("ev"))
                    .map(EventStream.Received::name)
                    .distinct()
                    .toList();
            assertThat(names).startsWith("ingest.created").endsWith("ingest.deleted");
            assertThat(events.events().toString()).doesNotContain("never-shown-1");
        }
    }
}
