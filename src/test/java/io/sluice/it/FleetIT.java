package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** Two nodes with their own port ranges on one PostgreSQL: one fleet. */
@Tag("persistence")
@EnabledIf(
        value = "io.sluice.it.Database#isPostgresql",
        disabledReason = "a shared database needs the PostgreSQL build")
class FleetIT {

    @Test
    void nodesSeeEveryIngestOwnTheirsRestoreOnlyTheirsAndRefuseOverlappingRanges() throws Exception {
        try (Gateway a = new Gateway("fleet-a", "21200-21209").start();
                Gateway b = new Gateway("fleet-b", "21210-21219", a)
                        .with("sluice.public-host", "127.0.0.2")
                        .start()) {
            int aPort = a.api()
                    .createIngest("{\"name\":\"cam-a\"}")
                    .path("source")
                    .path("port")
                    .asInt();
            int bPort = b.api()
                    .createIngest("{\"name\":\"cam-b\"}")
                    .path("source")
                    .path("port")
                    .asInt();
            assertThat(aPort).isBetween(21200, 21209);
            assertThat(bPort).isBetween(21210, 21219);

            for (Gateway g : new Gateway[] {a, b}) {
                Map<String, JsonNode> seen =
                        byName(g.api().get("/api/v1/ingests").expect(200));
                assertThat(seen).containsOnlyKeys("cam-a", "cam-b");
                assertThat(seen.get("cam-a").path("node").asText()).isEqualTo("fleet-a");
                assertThat(seen.get("cam-a").path("source").path("url").asText())
                        .isEqualTo("srt://127.0.0.1:" + aPort);
                assertThat(seen.get("cam-b").path("node").asText()).isEqualTo("fleet-b");
                assertThat(seen.get("cam-b").path("source").path("url").asText())
                        .isEqualTo("srt://127.0.0.2:" + bPort);
            }
            // Any node takes any request: a forwards changes and live statistics of b's ingest to b.
            JsonNode added = a.api()
                    .post("/api/v1/ingests/cam-b/outputs", "{\"type\":\"udp\",\"url\":\"udp://127.0.0.1:5000\"}")
                    .expect(201);
            String outputId = added.path("id").asText();
            assertThat(b.logText()).contains("[ingest cam-b] output " + outputId + " added");
            assertThat(b.api().output("cam-b", outputId).path("state").asText()).isEqualTo("active");
            assertThat(a.api().output("cam-b", outputId).path("state").asText())
                    .as("the live state, from the owner through a")
                    .isEqualTo("active");
            assertThat(a.api()
                            .ingest("cam-b")
                            .path("outputs")
                            .get(0)
                            .path("state")
                            .asText())
                    .isEqualTo("active");
            JsonNode patched = a.api()
                    .patch("/api/v1/ingests/cam-b", "{\"latencyMs\":300}")
                    .expect(200);
            assertThat(patched.path("latencyMs").asInt()).isEqualTo(300);
            ApiErrorsIT.assertProblem(
                    a.api().patch("/api/v1/ingests/cam-b", "{\"latencyMs\":-5}"), 400, "latencyMs must be 0 to");
            JsonNode stats = a.api().get("/api/v1/ingests/cam-b/stats").expect(200);
            assertThat(stats.path("outputs").get(0).path("id").asText()).isEqualTo(outputId);
            a.api().get("/api/v1/ingests/cam-b/stats/history").expect(200);
            // A forwarded request is never forwarded again: the node that gets one it cannot serve says who can.
            ApiErrorsIT.assertProblem(
                    a.api().withHeader("X-Sluice-Forwarded-By", "fleet-x").delete("/api/v1/ingests/cam-b"),
                    409,
                    "owned by node fleet-b");
            a.api().delete("/api/v1/ingests/cam-b/outputs/" + outputId).expect(204);
            assertThat(b.api().get("/api/v1/ingests/cam-b/outputs").expect(200)).isEmpty();
            ApiErrorsIT.assertProblem(
                    b.api().post("/api/v1/ingests", "{\"name\":\"cam-a\"}"),
                    409,
                    "an ingest named cam-a already exists on node fleet-a");

            // Restarting b restores only b's ingest, on its port, bound.
            assertThat(b.stop()).isZero();
            Support.await(
                    Duration.ofSeconds(10),
                    "a sees b stopped",
                    () -> byName(a.api().get("/api/v1/ingests").expect(200))
                            .get("cam-b")
                            .path("state")
                            .asText()
                            .equals("error"));
            // A stopped owner cannot be asked: the answer names it.
            ApiErrorsIT.assertProblem(
                    a.api().patch("/api/v1/ingests/cam-b", "{\"latencyMs\":200}"), 409, "owned by node fleet-b");
            b.start();
            assertThat(b.logText()).contains("restored 1 ingest(s) and 0 output(s) of node fleet-b");
            assertThat(b.api().ingest("cam-b").path("source").path("port").asInt())
                    .isEqualTo(bPort);
            assertThatThrownBy(() -> new DatagramSocket(new InetSocketAddress(bPort)).close())
                    .as("b binds its port again")
                    .isInstanceOf(java.net.BindException.class);
            assertThat(a.api().ingest("cam-a").path("state").asText()).isEqualTo("waiting");

            // A node whose range overlaps a live node's refuses to start.
            try (Gateway c = new Gateway("fleet-c", "21205-21214", a)) {
                Process p = c.startProcess();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isNotZero();
                assertThat(c.logText()).contains("port range 21205-21214 of node fleet-c overlaps the range");
            }
        }
    }

    @Test
    void identicalNodesClaimSeparateSlotsOfOneRange() throws Exception {
        String range = "21240-21259";
        try (Gateway a = new Gateway("slot-a", range)
                        .with("sluice.ports.slot-size", "10")
                        .start();
                Gateway b = new Gateway("slot-b", range, a).start()) {
            assertThat(a.logText()).contains("node slot-a joined the fleet with ports 21240-21249");
            assertThat(b.logText()).contains("node slot-b joined the fleet with ports 21250-21259");
            assertThat(b.api()
                            .createIngest("{\"name\":\"on-b\"}")
                            .path("source")
                            .path("port")
                            .asInt())
                    .isBetween(21250, 21259);
            try (Gateway c = new Gateway("slot-c", range, a)) {
                Process p = c.startProcess();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isNotZero();
                assertThat(c.logText()).contains("no free slot of 10 ports left in sluice.ports.range 21240-21259");
            }
        }
    }

    private static Map<String, JsonNode> byName(JsonNode list) {
        Map<String, JsonNode> m = new HashMap<>();
        list.forEach(i -> m.put(i.path("name").asText(), i));
        return m;
    }
}
