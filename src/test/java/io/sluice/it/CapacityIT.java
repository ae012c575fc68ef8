package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Port allocation under concurrency, and readiness as capacity. */
@Tag("persistence")
class CapacityIT {
    static final int FIRST = 21100;
    static final int LAST = 21150; // 51 ports
    static final int HELD = 21120; // held by another process (this test)

    @Test
    void fiftyConcurrentCreatesGetFiftyDistinctPortsAndTheNextIsRefusedUntilOneIsDeleted() throws Exception {
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(HELD));
                Gateway gateway = new Gateway("capacity", FIRST + "-" + LAST).start()) {
            Api api = gateway.api();
            JsonNode ready = api.get("/q/health/ready").expect(200);
            assertThat(capacity(ready).path("freePorts").asInt())
                    .as("51 ports, one held elsewhere")
                    .isEqualTo(50);

            List<Future<Api.Reply>> replies = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(50);
            for (int i = 0; i < 50; i++) {
                String body = "{\"name\":\"c" + i + "\"}";
                replies.add(pool.submit(() -> api.post("/api/v1/ingests", body)));
            }
            Set<Integer> ports = new HashSet<>();
            for (Future<Api.Reply> f : replies) {
                JsonNode created = f.get().expect(201);
                ports.add(created.path("source").path("port").asInt());
            }
            pool.shutdown();
            assertThat(ports).hasSize(50).doesNotContain(HELD).allMatch(p -> p >= FIRST && p <= LAST);

            Api.Reply full = api.post("/api/v1/ingests", "{\"name\":\"c50\"}");
            ApiErrorsIT.assertProblem(
                    full,
                    409,
                    "no free port left in range " + FIRST + "-" + LAST
                            + " (51 ports: 50 allocated, 1 held by other processes)");

            Support.await(Duration.ofSeconds(15), "readiness 503 with no free port", () -> {
                Api.Reply r = api.get("/q/health/ready");
                return r.status() == 503 && capacity(r.json()).path("freePorts").asInt() == 0;
            });
            api.delete("/api/v1/ingests/c17").expect(204);
            Support.await(
                    Duration.ofSeconds(15),
                    "readiness 200 after a delete",
                    () -> api.get("/q/health/ready").status() == 200);
            JsonNode again = capacity(api.get("/q/health/ready").json());
            assertThat(again.path("freePorts").asInt()).isEqualTo(1);
            assertThat(again.path("ingests").asInt()).isEqualTo(49);
            assertThat(api.createIngest("{\"name\":\"c50\"}")
                            .path("source")
                            .path("port")
                            .asInt())
                    .isNotEqualTo(HELD);
        }
    }

    static JsonNode capacity(JsonNode health) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals("capacity")) return check.path("data");
        }
        throw new AssertionError("no capacity check in " + health);
    }
}
