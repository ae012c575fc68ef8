package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The strongest pass-through check (TESTING.md): a paced sender → srt-live-transmit → an ingest → every
 * output type → real receivers; every received file must equal the source byte for byte.
 */
class RelayIT {
    static Gateway gateway;
    static Api api;
    static Path source;
    static long sourceSize;

    @BeforeAll
    static void start() {
        source = TestMedia.source();
        sourceSize = Support.size(source);
        gateway = new Gateway("relay", "21000-21019").start();
        api = gateway.api();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void everyOutputTypeDeliversTheSourceByteForByte() {
        try (Peers peers = new Peers("relay-bytes")) {
            int ingestPort = api.createIngest("{\"name\":\"bytes\"}")
                    .path("source")
                    .path("port")
                    .asInt();

            int sinkPort = Support.freeUdpPort();
            SrtCapture callerSink = SrtCapture.start(peers, "caller.ts", "srt://:" + sinkPort + "?mode=listener");
            String callerId = api.addOutput("bytes", "srt", "srt://127.0.0.1:" + sinkPort)
                    .path("id")
                    .asText();

            JsonNode listener = api.addOutput("bytes", "srt", "srt://:0?mode=listener");
            int listenerPort = listener.path("port").asInt();
            assertThat(listenerPort).isBetween(21000, 21019);
            assertThat(listener.path("url").asText()).isEqualTo("srt://:" + listenerPort + "?mode=listener");
            SrtCapture reader1 = SrtCapture.start(peers, "reader1.ts", "srt://127.0.0.1:" + listenerPort);
            SrtCapture reader2 = SrtCapture.start(peers, "reader2.ts", "srt://127.0.0.1:" + listenerPort);

            int udpPort = Support.freeUdpPort();
            try (callerSink;
                    reader1;
                    reader2;
                    UdpCapture udp = new UdpCapture(udpPort, peers.dir().resolve("udp.ts"))) {
                api.addOutput("bytes", "udp", "udp://127.0.0.1:" + udpPort);

                Support.await(
                        Duration.ofSeconds(20),
                        "caller output active and two readers",
                        () -> api.output("bytes", callerId)
                                        .path("state")
                                        .asText()
                                        .equals("active")
                                && api.output("bytes", listener.path("id").asText())
                                                .path("readers")
                                                .size()
                                        == 2);

                int udpIn = Support.freeUdpPort();
                peers.srtLiveTransmit("publisher.out", "udp://:" + udpIn, "srt://127.0.0.1:" + ingestPort);
                Support.await(
                        Duration.ofSeconds(20),
                        "publisher connected",
                        () -> api.ingest("bytes").path("state").asText().equals("connected"));

                int datagrams = PacedUdpSender.send(source, udpIn, TestMedia.MUX_RATE);

                Support.await(
                        Duration.ofSeconds(20),
                        "every receiver got every datagram",
                        () -> callerSink.datagrams() == datagrams
                                && reader1.datagrams() == datagrams
                                && reader2.datagrams() == datagrams
                                && udp.datagrams() == datagrams);
                callerSink.close();
                reader1.close();
                reader2.close();
                udp.close();
                String expected = Support.sha256(source);
                assertThat(Support.sha256(callerSink.file()))
                        .as("srt caller output")
                        .isEqualTo(expected);
                assertThat(Support.sha256(reader1.file()))
                        .as("listener reader 1")
                        .isEqualTo(expected);
                assertThat(Support.sha256(reader2.file()))
                        .as("listener reader 2")
                        .isEqualTo(expected);
                assertThat(Support.sha256(udp.file())).as("udp output").isEqualTo(expected);

                for (JsonNode o : api.get("/api/v1/ingests/bytes/outputs").expect(200)) {
                    assertThat(o.path("packetsDropped").asLong())
                            .as("drops of " + o.path("type"))
                            .isZero();
                }
            }
        }
    }

    @Test
    void deadAndStalledOutputsDoNotCostAHealthyOutputASinglePacket() {
        try (Peers peers = new Peers("relay-isolation")) {
            int ingestPort = api.createIngest("{\"name\":\"iso\"}")
                    .path("source")
                    .path("port")
                    .asInt();

            // A destination that never existed, and a UDP port nobody listens on.
            String deadId = api.addOutput("iso", "srt", "srt://127.0.0.1:" + Support.freeUdpPort())
                    .path("id")
                    .asText();
            String closedUdpId = api.addOutput("iso", "udp", "udp://127.0.0.1:" + Support.freeUdpPort())
                    .path("id")
                    .asText();

            // A destination that goes away mid-stream (kill -9).
            int doomedPort = Support.freeUdpPort();
            SrtCapture doomedSink = SrtCapture.start(peers, "doomed.ts", "srt://:" + doomedPort + "?mode=listener");
            String doomedId = api.addOutput("iso", "srt", "srt://127.0.0.1:" + doomedPort)
                    .path("id")
                    .asText();

            // A decoder that stays connected but stops reading (SIGSTOP).
            JsonNode stalled = api.addOutput("iso", "srt", "srt://:0?mode=listener");
            SrtCapture stalledReader = SrtCapture.start(
                    peers,
                    "stalled.ts",
                    "srt://127.0.0.1:" + stalled.path("port").asInt());

            int healthyPort = Support.freeUdpPort();
            SrtCapture healthySink = SrtCapture.start(peers, "healthy.ts", "srt://:" + healthyPort + "?mode=listener");
            String healthyId = api.addOutput("iso", "srt", "srt://127.0.0.1:" + healthyPort)
                    .path("id")
                    .asText();
            int udpPort = Support.freeUdpPort();
            try (doomedSink;
                    stalledReader;
                    healthySink;
                    UdpCapture udp = new UdpCapture(udpPort, peers.dir().resolve("healthy-udp.ts"))) {
                String udpId = api.addOutput("iso", "udp", "udp://127.0.0.1:" + udpPort)
                        .path("id")
                        .asText();

                Support.await(
                        Duration.ofSeconds(20),
                        "healthy, doomed and stalled outputs connected",
                        () -> api.output("iso", healthyId)
                                        .path("state")
                                        .asText()
                                        .equals("active")
                                && api.output("iso", doomedId)
                                        .path("state")
                                        .asText()
                                        .equals("active")
                                && api.output("iso", stalled.path("id").asText())
                                                .path("readers")
                                                .size()
                                        == 1);
                Peers.signal(stalledReader.process(), "STOP");

                int udpIn = Support.freeUdpPort();
                peers.srtLiveTransmit("publisher.out", "udp://:" + udpIn, "srt://127.0.0.1:" + ingestPort);
                Support.await(
                        Duration.ofSeconds(20),
                        "publisher connected",
                        () -> api.ingest("iso").path("state").asText().equals("connected"));

                Thread sender = PacedUdpSender.sendInBackground(source, udpIn, TestMedia.MUX_RATE);
                Support.sleep(5000);
                Peers.kill(doomedSink.process());
                sender.join();

                long datagrams = (sourceSize + PacedUdpSender.DATAGRAM - 1) / PacedUdpSender.DATAGRAM;
                Support.await(
                        Duration.ofSeconds(20),
                        "healthy receivers got every datagram",
                        () -> healthySink.datagrams() == datagrams && udp.datagrams() == datagrams);
                healthySink.close();
                udp.close();
                String expected = Support.sha256(source);
                assertThat(Support.sha256(healthySink.file())).isEqualTo(expected);
                assertThat(Support.sha256(udp.file())).isEqualTo(expected);
                assertThat(api.output("iso", healthyId).path("packetsDropped").asLong())
                        .isZero();
                assertThat(api.output("iso", udpId).path("packetsDropped").asLong())
                        .isZero();

                // The broken ones lost their own packets, counted, and say why.
                JsonNode dead = api.output("iso", deadId);
                assertThat(dead.path("state").asText()).isEqualTo("error");
                assertThat(dead.path("error").asText()).contains("cannot connect");
                assertThat(dead.path("packetsDropped").asLong()).isEqualTo(datagrams);
                JsonNode doomed = api.output("iso", doomedId);
                assertThat(doomed.path("packetsSent").asLong()).isPositive();
                assertThat(doomed.path("packetsDropped").asLong()).isPositive();
                assertThat(doomed.path("state").asText()).isEqualTo("error");
                assertThat(api.output("iso", closedUdpId).path("state").asText())
                        .isEqualTo("active");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
