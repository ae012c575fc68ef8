package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Output behaviours beyond pass-through: recovery of a caller output, multicast on a chosen interface. */
class OutputsIT {
    static Gateway gateway;
    static Api api;

    @BeforeAll
    static void start() {
        gateway = new Gateway("outputs", "21060-21069").start();
        api = gateway.api();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aCallerOutputReconnectsOnItsOwnWhenItsDestinationComesBack() throws Exception {
        try (Peers peers = new Peers("outputs-reconnect")) {
            int ingestPort = api.createIngest("{\"name\":\"back\"}")
                    .path("source")
                    .path("port")
                    .asInt();
            int sinkPort = Support.freeUdpPort();
            // The destination is encrypted: srt-live-transmit listens with the output's passphrase.
            SrtCapture firstSink = SrtCapture.start(
                    peers, "first.ts", "srt://:" + sinkPort + "?mode=listener&passphrase=out-secret-42");
            String id = api.addOutput("back", "srt", "srt://127.0.0.1:" + sinkPort + "?passphrase=out-secret-42")
                    .path("id")
                    .asText();
            Support.await(
                    Duration.ofSeconds(20), "output active", () -> state(id).equals("active"));

            int udpIn = Support.freeUdpPort();
            peers.srtLiveTransmit("publisher.out", "udp://:" + udpIn, "srt://127.0.0.1:" + ingestPort);
            Thread sender = PacedUdpSender.sendInBackground(TestMedia.source(), udpIn, TestMedia.MUX_RATE);
            try {
                Support.await(Duration.ofSeconds(20), "media at the first sink", () -> firstSink.bytes() > 500_000);

                Peers.kill(firstSink.process()); // the far end goes away
                firstSink.close();
                Support.await(
                        Duration.ofSeconds(20),
                        "output in error",
                        () -> state(id).equals("error"));
                assertThat(api.output("back", id).path("error").asText()).contains("127.0.0.1:" + sinkPort);

                try (SrtCapture second = SrtCapture.start(
                        peers, "second.ts", "srt://:" + sinkPort + "?mode=listener&passphrase=out-secret-42")) {
                    Support.await(
                            Duration.ofSeconds(20),
                            "output active again",
                            () -> state(id).equals("active"));
                    assertThat(api.output("back", id).path("error").isNull()).isTrue();
                    Support.await(Duration.ofSeconds(10), "media at the returned sink", () -> second.bytes() > 500_000);
                }
            } finally {
                sender.interrupt();
                sender.join();
            }
        }
    }

    @Test
    void aCallerOutputWhosePassphraseTheFarEndRefusesSaysSoAndNeverShowsIt() throws Exception {
        try (Peers peers = new Peers("outputs-badsecret")) {
            api.createIngest("{\"name\":\"badsecret\"}");
            int sinkPort = Support.freeUdpPort();
            try (SrtCapture sink = SrtCapture.start(
                    peers, "sink.ts", "srt://:" + sinkPort + "?mode=listener&passphrase=far-end-secret-1")) {
                String id = api.addOutput(
                                "badsecret", "srt", "srt://127.0.0.1:" + sinkPort + "?passphrase=not-the-secret-2")
                        .path("id")
                        .asText();
                Support.await(
                        Duration.ofSeconds(20),
                        "output in error",
                        () -> api.output("badsecret", id).path("state").asText().equals("error"));
                JsonNode out = api.output("badsecret", id);
                // libsrt's reason for a passphrase the listener cannot use (SRT_REJ_BADSECRET).
                assertThat(out.path("error").asText())
                        .contains("cannot connect to 127.0.0.1:" + sinkPort)
                        .contains("(10)");
                assertThat(out.toString()).doesNotContain("not-the-secret-2");
                assertThat(gateway.logText()).doesNotContain("not-the-secret-2");
                assertThat(sink.bytes()).isZero();
            }
        }
    }

    @Test
    void aMulticastOutputSendsTheStreamWithItsTtlOnTheChosenInterface() throws Exception {
        try (Peers peers = new Peers("outputs-multicast")) {
            int ingestPort = api.createIngest("{\"name\":\"mcast\"}")
                    .path("source")
                    .path("port")
                    .asInt();
            String group = "239.255.42.7";
            int port = Support.freeUdpPort();
            Path script = Path.of(
                    OutputsIT.class.getResource("/multicast_receiver.py").toURI());
            Path received = peers.dir().resolve("multicast.ts");
            Process receiver = peers.start(
                    "ttls.txt",
                    "python3",
                    script.toString(),
                    group,
                    Integer.toString(port),
                    "127.0.0.1",
                    received.toString());
            Support.await(
                    Duration.ofSeconds(10),
                    "receiver joined",
                    () -> Files.readString(peers.dir().resolve("ttls.txt")).startsWith("joined"));
            api.addOutput("mcast", "udp", "udp://" + group + ":" + port + "?ttl=7&localaddr=127.0.0.1");

            int udpIn = Support.freeUdpPort();
            peers.srtLiveTransmit("publisher.out", "udp://:" + udpIn, "srt://127.0.0.1:" + ingestPort);
            Support.await(
                    Duration.ofSeconds(20),
                    "publisher connected",
                    () -> api.ingest("mcast").path("state").asText().equals("connected"));
            Thread sender = PacedUdpSender.sendInBackground(TestMedia.source(), udpIn, TestMedia.MUX_RATE);
            Support.await(Duration.ofSeconds(20), "a second of media received", () -> Support.size(received) > 600_000);
            sender.interrupt();
            sender.join();
            Support.sleep(500);
            receiver.destroy();

            // What arrived is the start of the source, byte for byte, and every datagram had TTL 7.
            byte[] got = Files.readAllBytes(received);
            byte[] source = Files.readAllBytes(TestMedia.source());
            int whole = got.length - got.length % PacedUdpSender.DATAGRAM;
            assertThat(Arrays.equals(got, 0, whole, source, 0, whole)).isTrue();
            List<String> ttls = Files.readAllLines(peers.dir().resolve("ttls.txt"));
            List<String> values = ttls.subList(1, ttls.size());
            assertThat(values).hasSizeGreaterThan(400).allMatch(t -> t.equals("7"));
        }
    }

    private static String state(String id) {
        return api.output("back", id).path("state").asText();
    }
}
