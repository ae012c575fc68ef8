package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SRT access: the shared port by stream ID, admission that fails closed, encryption, allowlists, takeover. */
class AccessIT {
    static final int REJ_BADSECRET = 10;
    static final int REJ_UNSECURE = 11;
    static Gateway gateway;
    static Api api;
    static int shared;

    @BeforeAll
    static void start() {
        gateway = new Gateway("access", "21300-21339").start();
        api = gateway.api();
        shared = gateway.sharedPort();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void everyStreamIdFormPublishesOnTheSharedPortAndTwoReadersGetTheStreamByteForByte() throws Exception {
        try (Peers peers = new Peers("access-shared")) {
            api.createIngest("{\"name\":\"cam1\"}");
            try (SrtCapture ac = SrtCapture.start(
                            peers, "reader-ac.ts", "srt://127.0.0.1:" + shared + "?streamid=#!::r=cam1,m=request");
                    SrtCapture short_ = SrtCapture.start(
                            peers, "reader-short.ts", "srt://127.0.0.1:" + shared + "?streamid=read:cam1")) {
                Support.await(Duration.ofSeconds(20), "two shared-port readers", () -> {
                    for (JsonNode o : api.ingest("cam1").path("outputs")) {
                        if (o.path("id").asText().equals("shared-port"))
                            return o.path("readers").size() == 2;
                    }
                    return false;
                });
                int udpIn = Support.freeUdpPort();
                Process publisher = peers.srtLiveTransmit(
                        "publisher.out",
                        "udp://:" + udpIn,
                        "srt://127.0.0.1:" + shared + "?streamid=#!::r=cam1,m=publish");
                Support.await(
                        Duration.ofSeconds(20),
                        "publisher on the shared port",
                        () -> api.ingest("cam1").path("state").asText().equals("connected"));
                int datagrams = PacedUdpSender.send(TestMedia.source(), udpIn, TestMedia.MUX_RATE);
                Support.await(
                        Duration.ofSeconds(20),
                        "both readers got every datagram",
                        () -> ac.datagrams() == datagrams && short_.datagrams() == datagrams);
                ac.close();
                short_.close();
                String expected = Support.sha256(TestMedia.source());
                assertThat(Support.sha256(ac.file()))
                        .as("reader #!::r=cam1,m=request")
                        .isEqualTo(expected);
                assertThat(Support.sha256(short_.file())).as("reader read:cam1").isEqualTo(expected);
                Peers.interrupt(publisher);
            }
            for (String form : new String[] {"#!::m=publish,u=ops,r=cam1", "publish:cam1", "cam1"}) {
                Support.await(
                        Duration.ofSeconds(10),
                        "no publisher",
                        () -> api.ingest("cam1").path("state").asText().equals("waiting"));
                Process p = peers.srtLiveTransmit(
                        "form.out",
                        "udp://:" + Support.freeUdpPort(),
                        "srt://127.0.0.1:" + shared + "?streamid=" + form);
                Support.await(
                        Duration.ofSeconds(20),
                        "publisher with streamid " + form,
                        () -> api.ingest("cam1").path("state").asText().equals("connected"));
                Peers.interrupt(p);
            }
            JsonNode view = api.ingest("cam1");
            assertThat(view.path("source").path("sharedUrl").asText())
                    .isEqualTo("srt://127.0.0.1:" + shared + "?streamid=publish:cam1");
        }
    }

    @Test
    void everyRefusalCarriesItsRejectReasonAndAnEventSaysWhy() throws Exception {
        try (Peers peers = new Peers("access-refusals");
                EventStream events = new EventStream(gateway.baseUrl(), Gateway.TOKEN)) {
            Support.sleep(300);
            int securePort = api.createIngest(
                            "{\"name\":\"secure\",\"passphrase\":\"secure-secret-1\",\"pbKeyLen\":32}")
                    .path("source")
                    .path("port")
                    .asInt();
            int fencedPort = api.createIngest(
                            "{\"name\":\"fenced\",\"allowedCidrs\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}")
                    .path("source")
                    .path("port")
                    .asInt();
            int busyPort = api.createIngest("{\"name\":\"busy\"}")
                    .path("source")
                    .path("port")
                    .asInt();

            // Unknown stream, malformed stream ID, unsupported mode: decided by the shared port.
            assertThat(SrtProbe.connect(shared, "publish:nosuch", null)).isEqualTo(1404);
            assertThat(SrtProbe.connect(shared, "#!::m=publish", null)).isEqualTo(1400);
            assertThat(SrtProbe.connect(shared, "#!::r=secure,m=bidirectional", null))
                    .isEqualTo(1405);

            // Wrong or missing passphrase: refused by libsrt, on both ports.
            for (int[] target : new int[][] {{securePort}, {shared}}) {
                String sid = target[0] == shared ? "publish:secure" : null;
                assertThat(SrtProbe.connect(target[0], sid, null))
                        .as("no passphrase")
                        .isEqualTo(REJ_UNSECURE);
                assertThat(SrtProbe.connect(target[0], sid, "wrong-secret-9"))
                        .as("wrong one")
                        .isEqualTo(REJ_BADSECRET);
                assertThat(SrtProbe.connect(target[0], sid, "secure-secret-1"))
                        .as("right one")
                        .isZero();
                Support.await(
                        Duration.ofSeconds(10),
                        "the probe's connection gone",
                        () -> api.ingest("secure").path("state").asText().equals("waiting"));
            }

            // libsrt refuses those after Sluice admitted them: the gateway notices that the handshakes never
            // became connections and says so, once per attempt; the right passphrase is not reported.
            Support.await(
                    Duration.ofSeconds(15),
                    "four handshake refusals reported",
                    () -> handshakeRefusals(events).size() >= 4);
            Support.sleep(4000); // the right passphrase's connection is long accepted: nothing more comes
            List<JsonNode> refusals = handshakeRefusals(events);
            assertThat(refusals).hasSize(4);
            assertThat(refusals)
                    .allSatisfy(e -> assertThat(e.path("reason").asText()).contains("passphrase is wrong or missing"));
            assertThat(refusals.stream().map(e -> e.path("via").asText()))
                    .containsExactlyInAnyOrder(
                            "port " + securePort, "port " + securePort, "shared port", "shared port");
            Support.await(
                    Duration.ofSeconds(10),
                    "the refusals counted in Prometheus",
                    () -> api.withToken(null)
                            .get("/q/metrics")
                            .body()
                            .contains(
                                    "sluice_source_refused_publishers_total{ingest=\"secure\",source=\"primary\"} 4.0"));

            // Readers too: on the shared port (with the ingest's passphrase) and on an encrypted listener output.
            JsonNode out = api.addOutput("secure", "srt", "srt://:0?mode=listener&passphrase=out-secret-777");
            int outPort = out.path("port").asInt();
            assertThat(SrtProbe.connect(outPort, null, "out-secret-777"))
                    .as("right reader passphrase")
                    .isZero();
            assertThat(SrtProbe.connect(shared, "read:secure", "secure-secret-1"))
                    .as("right reader passphrase on the shared port")
                    .isZero();
            assertThat(SrtProbe.connect(outPort, null, "wrong-secret-9")).isEqualTo(REJ_BADSECRET);
            assertThat(SrtProbe.connect(shared, "read:secure", "wrong-secret-9"))
                    .isEqualTo(REJ_BADSECRET);
            Support.await(
                    Duration.ofSeconds(15),
                    "two reader refusals reported",
                    () -> events.all("reader.rejected", "secure").size() >= 2);
            List<JsonNode> readers = events.all("reader.rejected", "secure"); // the right ones were checked first
            assertThat(readers).hasSize(2);
            assertThat(readers.stream()
                            .map(e -> e.path("output").asText() + " via "
                                    + e.path("via").asText()))
                    .containsExactlyInAnyOrder(
                            out.path("id").asText() + " via port " + outPort, "shared-port via shared port");
            assertThat(readers)
                    .allSatisfy(e -> assertThat(e.path("reason").asText()).contains("passphrase is wrong or missing"));

            // Outside the allowlist, on both ports; allowed once the list includes loopback.
            assertThat(SrtProbe.connect(fencedPort, null, null)).isEqualTo(1403);
            assertThat(SrtProbe.connect(shared, "publish:fenced", null)).isEqualTo(1403);
            api.patch("/api/v1/ingests/fenced", "{\"allowedCidrs\":[\"127.0.0.0/8\"]}")
                    .expect(200);
            assertThat(SrtProbe.connect(fencedPort, null, null)).isZero();
            Support.await(
                    Duration.ofSeconds(10),
                    "the probe's connection gone",
                    () -> api.ingest("fenced").path("state").asText().equals("waiting"));

            // A second publisher while one is live, on both ports.
            int udpIn = Support.freeUdpPort();
            peers.srtLiveTransmit("live.out", "udp://:" + udpIn, "srt://127.0.0.1:" + busyPort);
            Thread sender = PacedUdpSender.sendInBackground(TestMedia.source(), udpIn, TestMedia.MUX_RATE);
            Support.await(
                    Duration.ofSeconds(20),
                    "live publisher",
                    () -> api.ingest("busy").path("state").asText().equals("connected"));
            Support.sleep(300);
            assertThat(SrtProbe.connect(busyPort, null, null)).isEqualTo(1409);
            assertThat(SrtProbe.connect(shared, "publish:busy", null)).isEqualTo(1409);
            sender.interrupt();

            JsonNode forbidden = events.await("publisher.rejected", "fenced", Duration.ofSeconds(5));
            assertThat(forbidden.path("rejectReason").asInt()).isEqualTo(1403);
            assertThat(forbidden.path("reason").asText()).contains("not in the allowlist");
            JsonNode conflict = events.await("publisher.rejected", "busy", Duration.ofSeconds(5));
            assertThat(conflict.path("rejectReason").asInt()).isEqualTo(1409);
            assertThat(conflict.path("reason").asText()).contains("another publisher is live");
            JsonNode unknown = events.await("publisher.rejected", "nosuch", Duration.ofSeconds(5));
            assertThat(unknown.path("rejectReason").asInt()).isEqualTo(1404);
            assertThat(gateway.logText()).doesNotContain("secure-secret-1").doesNotContain("wrong-secret-9");
        }
    }

    @Test
    void aCallerSourcePullsAndReconnectsOnItsOwnWhenTheRemoteRestarts() throws Exception {
        try (Peers peers = new Peers("access-caller")) {
            int remotePort = Support.freeUdpPort();
            int udpIn = Support.freeUdpPort();
            Process remote =
                    peers.srtLiveTransmit("remote1.out", "udp://:" + udpIn, "srt://:" + remotePort + "?mode=listener");
            Thread sender = PacedUdpSender.sendInBackground(TestMedia.source(), udpIn, TestMedia.MUX_RATE);
            JsonNode created =
                    api.createIngest("{\"name\":\"pull\",\"source\":{\"mode\":\"caller\",\"address\":\"127.0.0.1:"
                            + remotePort + "\",\"streamId\":\"live/pull\"}}");
            assertThat(created.path("source").path("mode").asText()).isEqualTo("caller");
            assertThat(created.path("source").path("port").isNull()).isTrue();
            int udpOut = Support.freeUdpPort();
            try (UdpCapture udp = new UdpCapture(udpOut, peers.dir().resolve("out.ts"))) {
                api.addOutput("pull", "udp", "udp://127.0.0.1:" + udpOut);
                Support.await(Duration.ofSeconds(20), "pulled media", () -> udp.bytes() > 300_000);
                assertThat(api.ingest("pull").path("source").path("peer").asText())
                        .isEqualTo("127.0.0.1:" + remotePort);

                Peers.kill(remote); // the remote goes away without a word
                sender.interrupt();
                sender.join();
                Support.await(
                        Duration.ofSeconds(20),
                        "source lost its remote",
                        () -> !api.ingest("pull").path("state").asText().equals("connected"));
                long before = udp.bytes();

                int udpIn2 = Support.freeUdpPort();
                peers.srtLiveTransmit("remote2.out", "udp://:" + udpIn2, "srt://:" + remotePort + "?mode=listener");
                Thread sender2 = PacedUdpSender.sendInBackground(TestMedia.source(), udpIn2, TestMedia.MUX_RATE);
                Support.await(
                        Duration.ofSeconds(30),
                        "reconnected on its own",
                        () -> api.ingest("pull").path("state").asText().equals("connected"));
                Support.await(Duration.ofSeconds(20), "media again", () -> udp.bytes() > before + 300_000);
                sender2.interrupt();
            }
        }
    }

    @Test
    void aRendezvousSourceMeetsItsPeer() throws Exception {
        try (Peers peers = new Peers("access-rendezvous")) {
            int remotePort = Support.freeUdpPort();
            JsonNode created =
                    api.createIngest("{\"name\":\"rdv\",\"source\":{\"mode\":\"rendezvous\",\"address\":\"127.0.0.1:"
                            + remotePort + "\"}}");
            int localPort = created.path("source").path("port").asInt();
            assertThat(localPort).isBetween(21300, 21339);
            int udpIn = Support.freeUdpPort();
            peers.srtLiveTransmit(
                    "peer.out",
                    "udp://:" + udpIn,
                    "srt://127.0.0.1:" + localPort + "?mode=rendezvous&port=" + remotePort);
            Thread sender = PacedUdpSender.sendInBackground(TestMedia.source(), udpIn, TestMedia.MUX_RATE);
            int udpOut = Support.freeUdpPort();
            try (UdpCapture udp = new UdpCapture(udpOut, peers.dir().resolve("out.ts"))) {
                api.addOutput("rdv", "udp", "udp://127.0.0.1:" + udpOut);
                Support.await(Duration.ofSeconds(30), "media through rendezvous", () -> udp.bytes() > 300_000);
                assertThat(api.ingest("rdv").path("state").asText()).isEqualTo("connected");
            } finally {
                sender.interrupt();
            }
        }
    }

    @Test
    void aKilledEncoderReconnectingAtOnceIsAcceptedWithinASecondAndTheOutputNeverNotices() throws Exception {
        try (Peers peers = new Peers("access-takeover");
                EventStream events = new EventStream(gateway.baseUrl(), Gateway.TOKEN)) {
            int port = api.createIngest("{\"name\":\"take\"}")
                    .path("source")
                    .path("port")
                    .asInt();
            int sinkPort = Support.freeUdpPort();
            try (SrtCapture sink = SrtCapture.start(peers, "sink.ts", "srt://:" + sinkPort + "?mode=listener")) {
                String outId = api.addOutput("take", "srt", "srt://127.0.0.1:" + sinkPort)
                        .path("id")
                        .asText();
                Support.await(
                        Duration.ofSeconds(20),
                        "output active",
                        () -> api.output("take", outId).path("state").asText().equals("active"));

                int udpA = Support.freeUdpPort();
                Process a = peers.srtLiveTransmit("a.out", "udp://:" + udpA, "srt://127.0.0.1:" + port);
                Thread senderA = PacedUdpSender.sendInBackground(TestMedia.source(), udpA, TestMedia.MUX_RATE);
                Support.await(Duration.ofSeconds(20), "media from A at the sink", () -> sink.bytes() > 500_000);
                String peerA = api.ingest("take").path("source").path("peer").asText();

                int eventsBefore = events.events().size();
                long killed = System.nanoTime();
                Peers.kill(a);
                senderA.interrupt();
                // B: an encoder that reconnects at once and retries every 100 ms while refused.
                int udpB = Support.freeUdpPort();
                Thread senderB = PacedUdpSender.sendInBackground(TestMedia.source(), udpB, TestMedia.MUX_RATE);
                int attempts = 0;
                String peerB = null;
                while (System.nanoTime() - killed < 10_000_000_000L) {
                    Process b =
                            peers.srtLiveTransmit("b" + attempts + ".out", "udp://:" + udpB, "srt://127.0.0.1:" + port);
                    attempts++;
                    long until = System.nanoTime() + 300_000_000L;
                    while (System.nanoTime() < until && b.isAlive()) {
                        String peer =
                                api.ingest("take").path("source").path("peer").asText();
                        if (!peer.isEmpty() && !peer.equals(peerA) && !peer.equals("null")) {
                            peerB = peer;
                            break;
                        }
                        Support.sleep(20);
                    }
                    if (peerB != null) break;
                    if (b.isAlive()) Peers.kill(b);
                }
                double acceptedMillis = (System.nanoTime() - killed) / 1e6;
                assertThat(peerB).as("B accepted").isNotNull();
                assertThat(acceptedMillis)
                        .as("ms from kill -9 to B accepted (takeover after 1 s)")
                        .isLessThan(1800);

                long atTakeover = sink.bytes();
                Support.await(
                        Duration.ofSeconds(10), "B's media at the sink", () -> sink.bytes() > atTakeover + 500_000);
                assertThat(sink.process().isAlive())
                        .as("the receiver kept its one connection")
                        .isTrue();
                assertThat(api.output("take", outId).path("state").asText()).isEqualTo("active");
                assertThat(events.events().subList(eventsBefore, events.events().size()).stream()
                                .filter(e -> e.name().equals("output.state"))
                                .toList())
                        .as("the output never changed state")
                        .isEmpty();
                JsonNode replaced = events.await("publisher.disconnected", "take", Duration.ofSeconds(5));
                assertThat(replaced.path("reason").asText()).contains("replaced by");
                System.out.printf(
                        "takeover: B accepted %.0f ms after kill -9 of A, after %d attempt(s)%n",
                        acceptedMillis, attempts);
                senderB.interrupt();
            }
        }
    }

    /** publisher.rejected events of ingest "secure" that libsrt decided after admission. */
    private static List<JsonNode> handshakeRefusals(EventStream events) {
        return events.all("publisher.rejected", "secure").stream()
                .filter(e -> e.path("stage").asText().equals("handshake"))
                .toList();
    }
}
