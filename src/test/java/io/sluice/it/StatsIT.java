package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proof that media flows: media analysis, SRT link statistics, health, history and Prometheus meters. */
class StatsIT {
    static Gateway gateway;
    static Api api;

    @BeforeAll
    static void start() {
        gateway = new Gateway("stats", "21400-21419").start();
        api = gateway.api();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void anEncoderOfKnownFormatIsReportedExactlyWithItsBitrateWithinFivePercent() throws Exception {
        try (Peers peers = new Peers("stats-format");
                EventStream events = new EventStream(gateway.baseUrl(), Gateway.TOKEN)) {
            int port = api.createIngest("{\"name\":\"fmt\"}")
                    .path("source")
                    .path("port")
                    .asInt();
            peers.ffmpegEncoder(
                    "ffmpeg.out",
                    "srt://127.0.0.1:" + port + "?pkt_size=1316",
                    "1280x720",
                    30,
                    30,
                    40,
                    "-b:v",
                    "2500k",
                    "-maxrate",
                    "2500k",
                    "-bufsize",
                    "1M",
                    "-b:a",
                    "128k",
                    "-muxrate",
                    "4M");
            Support.await(Duration.ofSeconds(20), "media with both streams", () -> {
                JsonNode m = stats("fmt").path("media");
                return m.path("streams").size() == 2 && m.path("hasAudio").asBoolean();
            });
            Support.sleep(12_000); // a full 10 s window of samples at the steady rate

            JsonNode s = stats("fmt");
            JsonNode media = s.path("media");
            JsonNode video = stream(media, "video");
            JsonNode audio = stream(media, "audio");
            assertThat(video.path("codec").asText()).isEqualTo("h264");
            assertThat(video.path("width").asInt()).isEqualTo(1280);
            assertThat(video.path("height").asInt()).isEqualTo(720);
            assertThat(video.path("frameRate").asDouble()).isEqualTo(30.0);
            assertThat(video.path("keyframeIntervalFrames").asInt()).isEqualTo(30);
            assertThat(video.path("keyframeIntervalSeconds").asDouble()).isCloseTo(1.0, within(0.01));
            assertThat(audio.path("codec").asText()).isEqualTo("aac");
            assertThat(audio.path("sampleRate").asInt()).isEqualTo(48000);
            assertThat(audio.path("channels").asInt()).isEqualTo(2);
            assertThat(media.path("pcrPresent").asBoolean()).isTrue();
            assertThat(media.path("hasVideo").asBoolean()).isTrue();
            assertThat(media.path("continuityErrors").asLong()).isZero();
            assertThat(media.path("lastPacketAgeMs").asLong()).isBetween(0L, 1000L);

            // The mux rate, from the last 10 one-second samples (ffmpeg writes in bursts within a second).
            List<Long> last = new ArrayList<>();
            JsonNode samples =
                    api.get("/api/v1/ingests/fmt/stats/history").expect(200).path("samples");
            for (int i = samples.size() - 10; i < samples.size(); i++)
                last.add(samples.get(i).path("bitrateKbps").asLong());
            double mean = last.stream().mapToLong(Long::longValue).average().orElse(0);
            assertThat(mean)
                    .as("mean bitrate of the last 10 s, kbit/s, from %s", last)
                    .isCloseTo(4000, within(200.0));

            JsonNode srt = s.path("sources").get(0).path("srt");
            assertThat(srt.path("packetsReceived").asLong()).isPositive();
            assertThat(srt.path("receiveRateMbps").asDouble()).isPositive();
            assertThat(srt.path("rttMs").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(srt.path("latencyMs").asInt()).isEqualTo(120);
            assertThat(srt.path("rttMsWindow").path("last10s").path("max").asDouble())
                    .isGreaterThanOrEqualTo(
                            srt.path("rttMsWindow").path("last10s").path("min").asDouble());
            assertThat(s.path("health").path("state").asText()).isEqualTo("ok");
            assertThat(samples.size())
                    .as("one sample a second since the ingest was made")
                    .isGreaterThanOrEqualTo(12);

            String metrics = gateway.api().withToken(null).get("/q/metrics").body();
            assertThat(metrics).contains("sluice_source_bitrate_bits_per_second{ingest=\"fmt\",source=\"primary\"}");
            assertThat(metrics).contains("sluice_ingest_up{ingest=\"fmt\"} 1.0");
            assertThat(metrics).contains("sluice_source_packets_received_total{ingest=\"fmt\",source=\"primary\"}");
            assertThat(events.await("media.back", "fmt", Duration.ofSeconds(5))
                            .path("bitrateKbps")
                            .asLong())
                    .isPositive();
            assertThat(events.await("ingest.health", "fmt", Duration.ofSeconds(5))
                            .path("state")
                            .asText())
                    .isNotBlank();
        }
    }

    @Test
    void aStreamWithNPacketsRemovedHasExactlyNContinuityErrors() throws Exception {
        int removed = 17;
        Path damaged = removePackets(TestMedia.source(), 0x100, removed);
        try (Peers peers = new Peers("stats-cc")) {
            int port = api.createIngest("{\"name\":\"cc\"}")
                    .path("source")
                    .path("port")
                    .asInt();
            int udpIn = Support.freeUdpPort();
            peers.srtLiveTransmit("publisher.out", "udp://:" + udpIn, "srt://127.0.0.1:" + port);
            Support.await(
                    Duration.ofSeconds(20),
                    "publisher",
                    () -> api.ingest("cc").path("state").asText().equals("connected"));
            PacedUdpSender.send(damaged, udpIn, TestMedia.MUX_RATE);
            Support.await(
                    Duration.ofSeconds(10),
                    "the whole file analysed",
                    () -> stats("cc").path("media").path("lastPacketAgeMs").asLong() > 1500);
            JsonNode s = stats("cc");
            assertThat(s.path("media").path("continuityErrors").asLong()).isEqualTo(removed);
            assertThat(stream(s.path("media"), "video").path("continuityErrors").asLong())
                    .isEqualTo(removed);
            assertThat(s.path("sources")
                            .get(0)
                            .path("srt")
                            .path("packetsDropped")
                            .asLong())
                    .as("the network lost nothing: the errors are in the stream itself")
                    .isZero();
        }
    }

    @Test
    void lossRecoveredBySrtShowsAsLossAndRetransmissionsWithoutContinuityErrors() throws Exception {
        try (Peers peers = new Peers("stats-loss")) {
            int port = api.createIngest("{\"name\":\"lossy\",\"latencyMs\":400}")
                    .path("source")
                    .path("port")
                    .asInt();
            try (LossyUdpRelay relay = new LossyUdpRelay(port, 5.0, 42)) {
                int udpIn = Support.freeUdpPort();
                peers.srtLiveTransmit(
                        "publisher.out", "udp://:" + udpIn, "srt://127.0.0.1:" + relay.port() + "?latency=400");
                Support.await(
                        Duration.ofSeconds(20),
                        "publisher through the lossy relay",
                        () -> api.ingest("lossy").path("state").asText().equals("connected"));
                Thread sender = PacedUdpSender.sendInBackground(TestMedia.source(), udpIn, TestMedia.MUX_RATE);
                Support.sleep(12_000);
                JsonNode during = stats("lossy");
                sender.join();
                Support.sleep(1500);
                JsonNode s = stats("lossy");
                JsonNode srt = s.path("sources").get(0).path("srt");
                assertThat(relay.dropped()).as("datagrams the relay dropped").isGreaterThan(100);
                assertThat(srt.path("packetsLost").asLong()).as("packetsLost").isGreaterThan(50);
                assertThat(srt.path("packetsRetransmitted").asLong())
                        .as("packetsRetransmitted")
                        .isGreaterThan(50);
                assertThat(srt.path("packetsDropped").asLong())
                        .as("nothing lost for good")
                        .isZero();
                assertThat(s.path("media").path("continuityErrors").asLong()).isZero();
                assertThat(during.path("health").path("state").asText()).isEqualTo("degraded");
                assertThat(during.path("health").path("reasons").toString())
                        .contains("of packets lost in the last 10 s (recovered by retransmission: all)");
            }
        }
    }

    @Test
    void metersGoAwayWithTheirIngest() {
        api.createIngest("{\"name\":\"gone\"}");
        api.addOutput("gone", "udp", "udp://127.0.0.1:" + Support.freeUdpPort());
        Api anonymous = gateway.api().withToken(null);
        Support.await(Duration.ofSeconds(10), "meters of the ingest and its output", () -> {
            String m = anonymous.get("/q/metrics").body();
            return m.contains("sluice_ingest_up{ingest=\"gone\"}") && m.contains("sluice_output_up{ingest=\"gone\"");
        });
        api.delete("/api/v1/ingests/gone").expect(204);
        Support.await(
                Duration.ofSeconds(10),
                "no meter left",
                () -> !anonymous.get("/q/metrics").body().contains("ingest=\"gone\""));
    }

    @Test
    void everySeriesTheGrafanaDashboardQueriesIsExported() throws Exception {
        String dashboard = Files.readString(Path.of("docs/grafana/sluice-dashboard.json"));
        java.util.Set<String> used = new java.util.TreeSet<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("sluice_[a-z_]+").matcher(dashboard);
        while (m.find()) used.add(m.group());
        assertThat(used).hasSizeGreaterThan(10);
        api.createIngest("{\"name\":\"dash\",\"backup\":{\"mode\":\"listener\"}}"); // failover meters too
        api.addOutput("dash", "srt", "srt://:0?mode=listener");
        Api anonymous = gateway.api().withToken(null);
        Support.await(
                Duration.ofSeconds(10),
                "meters of the new ingest",
                () -> anonymous.get("/q/metrics").body().contains("sluice_output_readers{ingest=\"dash\""));
        String metrics = anonymous.get("/q/metrics").body();
        for (String series : used) assertThat(metrics).as("series " + series).contains(series);
        api.delete("/api/v1/ingests/dash").expect(204);
    }

    private static JsonNode stats(String ingest) {
        return api.get("/api/v1/ingests/" + ingest + "/stats").expect(200);
    }

    private static JsonNode stream(JsonNode media, String kind) {
        for (JsonNode s : media.path("streams")) if (s.path("kind").asText().equals(kind)) return s;
        throw new AssertionError("no " + kind + " stream in " + media);
    }

    /**
     * A copy of {@code source} without {@code n} payload-carrying packets of {@code pid}, each removal far from
     * the others (ISO/IEC 13818-1 2.4.3.3: one removal = one continuity gap).
     */
    static Path removePackets(Path source, int pid, int n) throws Exception {
        byte[] in = Files.readAllBytes(source);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int seenOfPid = 0;
        int removed = 0;
        for (int off = 0; off + 188 <= in.length; off += 188) {
            int p = ((in[off + 1] & 0x1f) << 8) | (in[off + 2] & 0xff);
            boolean payload = (in[off + 3] & 0x10) != 0;
            if (p == pid && payload) {
                seenOfPid++;
                if (removed < n && seenOfPid % 1000 == 500) {
                    removed++;
                    continue;
                }
            }
            out.write(in, off, 188);
        }
        if (removed != n) throw new AssertionError("only " + removed + " packets of PID " + pid + " to remove");
        Path damaged = Support.workDir().resolve("stats-cc").resolve("damaged.ts");
        Files.createDirectories(damaged.getParent());
        Files.write(damaged, out.toByteArray());
        return damaged;
    }
}
