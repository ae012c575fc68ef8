package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM: readiness goes down at once, live streams flow on through the drain, then a clean exit 0. */
class DrainIT {

    @Test
    void sigtermTakesReadinessDownAtOnceAndKeepsTheStreamFlowingUntilTheDrainEnds() throws Exception {
        try (Gateway gateway = new Gateway("drain", "21160-21169")
                        .with("sluice.shutdown.drain", "6s")
                        .start();
                Peers peers = new Peers("drain")) {
            Api api = gateway.api();
            int ingestPort = api.createIngest("{\"name\":\"live\"}")
                    .path("source")
                    .path("port")
                    .asInt();
            int udpPort = Support.freeUdpPort();
            try (UdpCapture udp = new UdpCapture(udpPort, peers.dir().resolve("udp.ts"))) {
                api.addOutput("live", "udp", "udp://127.0.0.1:" + udpPort);
                int udpIn = Support.freeUdpPort();
                peers.srtLiveTransmit("publisher.out", "udp://:" + udpIn, "srt://127.0.0.1:" + ingestPort);
                Thread sender = PacedUdpSender.sendInBackground(TestMedia.source(), udpIn, TestMedia.MUX_RATE);
                Support.await(Duration.ofSeconds(20), "media flowing", () -> udp.bytes() > 300_000);

                long termNanos = System.nanoTime();
                gateway.process().destroy(); // SIGTERM
                Support.await(
                        Duration.ofSeconds(2),
                        "readiness 503",
                        () -> api.get("/q/health/ready").status() == 503);
                double readinessDownMillis = (System.nanoTime() - termNanos) / 1e6;
                ApiErrorsIT.assertProblem(
                        api.post("/api/v1/ingests", "{\"name\":\"late\"}"), 503, "this node is shutting down");

                long atTerm = udp.bytes();
                Support.sleep(4000); // well inside the 6 s drain
                long during = udp.bytes() - atTerm;
                assertThat(during)
                        .as("bytes relayed during 4 s of drain at 5 Mbit/s")
                        .isGreaterThan(2_000_000);
                assertThat(gateway.process().isAlive()).isTrue();

                assertThat(gateway.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                double exitSeconds = (System.nanoTime() - termNanos) / 1e9;
                assertThat(gateway.process().exitValue()).as("exit code").isZero();
                assertThat(exitSeconds).as("exits once the 6 s drain is over").isGreaterThan(5.5);
                assertThat(readinessDownMillis).isLessThan(2000);
                sender.interrupt();
                assertThat(gateway.logText())
                        .contains("SIGTERM: draining for 6000 ms")
                        .contains("sluice stopped");
            }
        }
    }
}
