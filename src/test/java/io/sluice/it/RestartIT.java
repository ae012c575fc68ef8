package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Desired state survives a restart: same ports, same outputs, and media flows again. */
@org.junit.jupiter.api.Tag("persistence")
class RestartIT {

    @Test
    void ingestsAndOutputsComeBackOnTheirPortsAndCarryANewPublisher() throws Exception {
        try (Gateway gateway = new Gateway("restart", "21030-21039").start();
                Peers peers = new Peers("restart")) {
            Api api = gateway.api();
            JsonNode created = api.createIngest("{\"name\":\"persist\",\"passphrase\":\"persist-secret-9\"}");
            int ingestPort = created.path("source").path("port").asInt();
            int listenerPort = api.addOutput("persist", "srt", "srt://:0?mode=listener")
                    .path("port")
                    .asInt();
            int udpPort = Support.freeUdpPort();
            api.addOutput("persist", "udp", "udp://127.0.0.1:" + udpPort);
            int sinkPort = Support.freeUdpPort();
            api.addOutput("persist", "srt", "srt://127.0.0.1:" + sinkPort + "?latency=200");
            JsonNode held = api.createIngest("{\"name\":\"held\",\"backup\":{\"mode\":\"listener\"},"
                    + "\"failover\":{\"revertAfterMs\":0,\"switchAfterMs\":800}}");
            int backupPort = held.path("backup").path("port").asInt();
            api.post("/api/v1/ingests/held/failover", "{\"source\":\"backup\"}").expect(200);

            assertThat(gateway.stop()).as("exit code after SIGTERM").isZero();
            gateway.start();

            JsonNode heldBack = api.ingest("held");
            assertThat(heldBack.path("backup").path("port").asInt()).isEqualTo(backupPort);
            assertThat(heldBack.path("failover").path("mode").asText())
                    .as("a manual hold survives a restart")
                    .isEqualTo("backup");
            assertThat(heldBack.path("failover").path("revertAfterMs").asInt()).isZero();
            assertThat(heldBack.path("failover").path("switchAfterMs").asInt()).isEqualTo(800);
            assertThatThrownBy(() -> new DatagramSocket(new InetSocketAddress(backupPort)).close())
                    .as("the backup's port " + backupPort + " is bound again")
                    .isInstanceOf(java.net.BindException.class);
            api.delete("/api/v1/ingests/held").expect(204);

            // A deleted ingest's port serves a new ingest at once (libsrt re-uses its closing listener's
            // UDP socket), and a publisher connects to it.
            api.createIngest("{\"name\":\"again\",\"source\":{\"port\":" + backupPort + "}}");
            int againIn = Support.freeUdpPort();
            Process again = peers.srtLiveTransmit(
                    "again.out", "udp://:" + againIn, "srt://127.0.0.1:" + backupPort + "?latency=120");
            Support.await(
                    Duration.ofSeconds(20),
                    "a publisher on the re-used port " + backupPort,
                    () -> api.ingest("again").path("state").asText().equals("connected"));
            Peers.kill(again);
            api.delete("/api/v1/ingests/again").expect(204);
            // libsrt keeps a closed listener's UDP socket bound for a while (3 s in case a caller is mid-handshake,
            // then its garbage collector, which runs once a second: 4.0-4.6 s measured on an idle machine).
            Support.await(Duration.ofSeconds(20), "the port is free after the delete", () -> {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(backupPort))) {
                    return true;
                } catch (java.net.BindException e) {
                    return false;
                }
            });

            JsonNode back = api.ingest("persist");
            assertThat(back.path("source").path("port").asInt()).isEqualTo(ingestPort);
            assertThat(back.path("encrypted").asBoolean()).isTrue();
            assertThat(back.path("outputs")).hasSize(3);
            assertThat(back.path("outputs").get(0).path("port").asInt()).isEqualTo(listenerPort);
            // The source and the listener output hold their ports again.
            for (int port : new int[] {ingestPort, listenerPort}) {
                assertThatThrownBy(() -> new DatagramSocket(new InetSocketAddress(port)).close())
                        .as("port " + port + " is bound by the gateway")
                        .isInstanceOf(java.net.BindException.class);
            }

            try (SrtCapture reader = SrtCapture.start(peers, "reader.ts", "srt://127.0.0.1:" + listenerPort);
                    SrtCapture sink =
                            SrtCapture.start(peers, "caller.ts", "srt://:" + sinkPort + "?mode=listener&latency=200");
                    UdpCapture udp = new UdpCapture(udpPort, peers.dir().resolve("udp.ts"))) {
                Support.await(Duration.ofSeconds(20), "outputs active, reader joined", () -> {
                    JsonNode outs = api.get("/api/v1/ingests/persist/outputs").expect(200);
                    boolean allActive = true;
                    for (JsonNode o : outs)
                        allActive &= o.path("state").asText().equals("active");
                    return allActive && outs.get(0).path("readers").size() == 1;
                });
                int udpIn = Support.freeUdpPort();
                peers.srtLiveTransmit(
                        "publisher.out",
                        "udp://:" + udpIn,
                        "srt://127.0.0.1:" + ingestPort + "?passphrase=persist-secret-9");
                Support.await(
                        Duration.ofSeconds(20),
                        "publisher connected",
                        () -> api.ingest("persist").path("state").asText().equals("connected"));
                Thread sender = PacedUdpSender.sendInBackground(TestMedia.source(), udpIn, TestMedia.MUX_RATE);
                Support.await(
                        Duration.ofSeconds(20),
                        "media at every output",
                        () -> udp.bytes() > 1_000_000 && reader.bytes() > 1_000_000 && sink.bytes() > 1_000_000);
                sender.interrupt();
            }
        }
    }
}
