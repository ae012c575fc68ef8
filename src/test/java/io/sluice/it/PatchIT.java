package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** PATCH rotates a passphrase for the next connection without cutting the live one, and it persists. */
@Tag("persistence")
class PatchIT {

    @Test
    void aRotatedPassphraseAppliesToTheNextConnectionAndTheLiveOneFlowsOn() throws Exception {
        try (Gateway gateway = new Gateway("patch", "21190-21199").start();
                Peers peers = new Peers("patch")) {
            Api api = gateway.api();
            int port = api.createIngest("{\"name\":\"rot\",\"passphrase\":\"old-secret-111\"}")
                    .path("source")
                    .path("port")
                    .asInt();
            int udpPort = Support.freeUdpPort();
            try (UdpCapture udp = new UdpCapture(udpPort, peers.dir().resolve("udp.ts"))) {
                api.addOutput("rot", "udp", "udp://127.0.0.1:" + udpPort);
                int in1 = Support.freeUdpPort();
                Process live = peers.srtLiveTransmit(
                        "live.out", "udp://:" + in1, "srt://127.0.0.1:" + port + "?passphrase=old-secret-111");
                Thread sender = PacedUdpSender.sendInBackground(TestMedia.source(), in1, TestMedia.MUX_RATE);
                Support.await(Duration.ofSeconds(20), "media with the old passphrase", () -> udp.bytes() > 300_000);
                Support.await(Duration.ofSeconds(10), "the live connection's stats", () -> linkLatencyMs(api) > 0);
                assertThat(linkLatencyMs(api))
                        .as("negotiated latency before the PATCH")
                        .isEqualTo(120);

                JsonNode patched = api.patch(
                                "/api/v1/ingests/rot", "{\"passphrase\":\"new-secret-222\",\"latencyMs\":250}")
                        .expect(200);
                assertThat(patched.path("encrypted").asBoolean()).isTrue();
                assertThat(patched.path("latencyMs").asInt()).isEqualTo(250);
                assertThat(patched.toString()).doesNotContain("secret");
                long before = udp.bytes();
                Support.sleep(3000);
                assertThat(udp.bytes() - before)
                        .as("the live connection is not cut")
                        .isGreaterThan(1_000_000);
                assertThat(api.ingest("rot").path("state").asText()).isEqualTo("connected");
                assertThat(linkLatencyMs(api))
                        .as("the live connection keeps its latency")
                        .isEqualTo(120);

                sender.interrupt();
                Peers.interrupt(live);
                awaitState(api, "waiting", "publisher gone");

                Process stale = peers.srtLiveTransmit(
                        "stale.out",
                        "udp://:" + Support.freeUdpPort(),
                        "srt://127.0.0.1:" + port + "?passphrase=old-secret-111");
                Support.sleep(2000);
                assertThat(api.ingest("rot").path("state").asText())
                        .as("old passphrase refused")
                        .isEqualTo("waiting");
                Peers.kill(stale);

                // The next connection, with the new passphrase, gets the new latency (no restart).
                Process next = peers.srtLiveTransmit(
                        "next.out",
                        "udp://:" + Support.freeUdpPort(),
                        "srt://127.0.0.1:" + port + "?passphrase=new-secret-222&latency=120");
                awaitState(api, "connected", "new passphrase accepted");
                Support.await(Duration.ofSeconds(10), "the next connection's stats", () -> linkLatencyMs(api) == 250);
                Peers.interrupt(next);
                awaitState(api, "waiting", "publisher gone");

                assertThat(gateway.stop()).isZero();
                gateway.start(); // the new passphrase is stored
                Process fresh = peers.srtLiveTransmit(
                        "fresh.out",
                        "udp://:" + Support.freeUdpPort(),
                        "srt://127.0.0.1:" + port + "?passphrase=new-secret-222");
                awaitState(api, "connected", "new passphrase accepted after a restart");
                Peers.interrupt(fresh);
                awaitState(api, "waiting", "publisher gone");

                JsonNode clear = api.patch("/api/v1/ingests/rot", "{\"passphrase\":\"\"}")
                        .expect(200);
                assertThat(clear.path("encrypted").asBoolean()).isFalse();
                Process plain = peers.srtLiveTransmit(
                        "plain.out", "udp://:" + Support.freeUdpPort(), "srt://127.0.0.1:" + port);
                awaitState(api, "connected", "unencrypted caller accepted");
                Peers.interrupt(plain);
            }
            ApiErrorsIT.assertProblem(api.patch("/api/v1/ingests/rot", "{}"), 400, "nothing to change");
            ApiErrorsIT.assertProblem(
                    api.patch("/api/v1/ingests/rot", "{\"passphrase\":\"short\"}"), 400, "passphrase must be 10 to 79");
            ApiErrorsIT.assertProblem(
                    api.patch("/api/v1/ingests/nope", "{\"latencyMs\":100}"), 404, "there is no ingest named nope");
            ApiErrorsIT.assertProblem(
                    api.patch("/api/v1/ingests/rot", "{\"pbKeyLen\":24}"), 400, "pbKeyLen needs a passphrase");
            assertThat(gateway.logText()).doesNotContain("old-secret-111").doesNotContain("new-secret-222");
        }
    }

    /** The negotiated SRT latency of the primary source's connection, ms (0 without one). */
    private static int linkLatencyMs(Api api) {
        return api.get("/api/v1/ingests/rot/stats")
                .expect(200)
                .path("sources")
                .get(0)
                .path("srt")
                .path("latencyMs")
                .asInt();
    }

    private static void awaitState(Api api, String state, String what) {
        Support.await(
                Duration.ofSeconds(state.equals("connected") ? 20 : 10),
                what,
                () -> api.ingest("rot").path("state").asText().equals(state));
    }
}
