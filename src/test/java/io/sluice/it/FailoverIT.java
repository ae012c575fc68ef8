package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Main/backup failover with real encoders (ffmpeg, two independent processes of the same pattern): a
 * primary killed with -9, its return, a manual hold, a flapping primary, a reconnecting publisher. What the
 * outputs carry is read strictly ({@link TsFile}), probed (ffprobe) and decoded (ffmpeg).
 */
class FailoverIT {
    /** The backup's own transport stream identity: other PIDs, PMT PID, program number and TS id. */
    static final String[] OTHER_PIDS = {
        "-mpegts_start_pid",
        "0x300",
        "-mpegts_pmt_start_pid",
        "0x1100",
        "-mpegts_service_id",
        "7",
        "-mpegts_transport_stream_id",
        "9"
    };
    /** ffmpeg's default PIDs, which the primary uses: PMT, video, audio, SDT, PAT. */
    static final List<Integer> PRIMARY_PIDS = List.of(0x0, 0x11, 0x1000, 0x100, 0x101);

    static final int FPS = 25;

    @Test
    void aKilledPrimaryFailsOverToABackupOnOtherPidsAndComesBackAfterRevertAfterWithCleanSplices() throws Exception {
        try (Gateway gateway = new Gateway("failover", "21430-21439").start();
                Peers peers = new Peers("failover");
                EventStream events = new EventStream(gateway.baseUrl(), Gateway.TOKEN)) {
            Api api = gateway.api();
            JsonNode created = api.createIngest("{\"name\":\"fo\",\"backup\":{\"mode\":\"listener\"},"
                    + "\"failover\":{\"switchAfterMs\":500,\"revertAfterMs\":5000}}");
            int primaryPort = created.path("source").path("port").asInt();
            assertThat(created.path("backup").path("port").asInt()).isNotEqualTo(primaryPort);
            assertThat(created.path("backup").path("sharedUrl").asText()).endsWith("?streamid=publish:fo:backup");
            assertThat(created.path("failover").path("mode").asText()).isEqualTo("auto");

            int udpPort = Support.freeUdpPort();
            api.addOutput("fo", "udp", "udp://127.0.0.1:" + udpPort);
            int sinkPort = Support.freeUdpPort();
            Process sink = peers.srtSink("srt-out.ts", "srt://:" + sinkPort + "?mode=listener");
            String srtOutput = api.addOutput("fo", "srt", "srt://127.0.0.1:" + sinkPort)
                    .path("id")
                    .asText();
            try (UdpCapture capture = new UdpCapture(udpPort, peers.dir().resolve("udp-out.ts"))) {
                Process primary = primaryEncoder(peers, "primary-1", primaryPort, 60);
                awaitSource(api, "fo", "source", "connected");
                Process backup = peers.ffmpegEncoder(
                        "backup",
                        "srt://127.0.0.1:" + gateway.sharedPort() + "?pkt_size=1316&streamid=publish:fo:backup",
                        "640x360",
                        FPS,
                        FPS,
                        60,
                        OTHER_PIDS);
                awaitSource(api, "fo", "backup", "connected");
                assertThat(api.ingest("fo").path("activeSource").asText()).isEqualTo("primary");
                Support.sleep(4000);
                capture.resetGap();

                // The primary's encoder dies without a word.
                long bytesAtKill = capture.bytes();
                int outputStatesBefore = events.all("output.state", "fo").size();
                Peers.kill(primary);
                JsonNode away = events.awaitNth(1, "failover.switch", "fo", Duration.ofSeconds(10));
                assertThat(away.path("from").asText()).isEqualTo("primary");
                assertThat(away.path("to").asText()).isEqualTo("backup");
                assertThat(away.path("cause").asText()).isEqualTo("silent");
                assertThat(away.path("reason").asText()).startsWith("primary silent for ");
                Support.sleep(3000);
                double failoverGap = capture.maxGapMillis();
                assertThat(capture.bytes() - bytesAtKill)
                        .as("the UDP output goes on from the backup: ~3 s of a ~1 Mbit/s stream")
                        .isGreaterThan(100_000);
                JsonNode view = api.ingest("fo");
                assertThat(view.path("activeSource").asText()).isEqualTo("backup");
                JsonNode stats = api.get("/api/v1/ingests/fo/stats").expect(200);
                assertThat(stats.path("activeSource").asText()).isEqualTo("backup");
                assertThat(stats.path("failover").path("switches").asLong()).isEqualTo(1);
                assertThat(stats.path("sources")).hasSize(2);
                assertThat(stats.path("sources").get(1).path("health").asText()).isEqualTo("healthy");
                assertThat(stats.path("sources")
                                .get(1)
                                .path("media")
                                .path("hasVideo")
                                .asBoolean())
                        .isTrue();

                // The primary comes back: no revert before revertAfterMs of a clean record, then one.
                capture.resetGap();
                Process primaryAgain = primaryEncoder(peers, "primary-2", primaryPort, 40);
                JsonNode back = awaitPublisher(events, "fo", "primary", 2);
                JsonNode revert = events.awaitNth(2, "failover.switch", "fo", Duration.ofSeconds(30));
                assertThat(revert.path("to").asText()).isEqualTo("primary");
                assertThat(revert.path("cause").asText()).isEqualTo("revert");
                long revertMillis = Duration.between(
                                Instant.parse(back.path("time").asText()),
                                Instant.parse(revert.path("time").asText()))
                        .toMillis();
                assertThat(revertMillis).as("revert after 5 s clean").isGreaterThanOrEqualTo(5000);
                Support.sleep(3000);
                double revertGap = capture.maxGapMillis();
                assertThat(api.ingest("fo").path("activeSource").asText()).isEqualTo("primary");

                // The SRT output kept its one connection through both switches.
                assertThat(api.output("fo", srtOutput).path("state").asText()).isEqualTo("active");
                assertThat(events.all("output.state", "fo")
                                .subList(
                                        outputStatesBefore,
                                        events.all("output.state", "fo").size()))
                        .as("no output changed state during the switches")
                        .isEmpty();
                Peers.kill(primaryAgain);
                Peers.kill(backup);
                capture.close();
                Peers.interrupt(sink);

                System.out.printf(
                        "failover: largest gap between UDP output datagrams %.0f ms at the failover (switchAfterMs"
                                + " 500), %.0f ms around the revert; revert %d ms after the primary came back%n",
                        failoverGap, revertGap, revertMillis);
                assertThat(failoverGap)
                        .as("the output is silent only while the dead primary is detected and the switch made")
                        .isLessThan(2500);
                assertThat(revertGap).as("a planned revert leaves no gap").isLessThan(500);

                for (Path out : List.of(capture.file(), peers.dir().resolve("srt-out.ts"))) {
                    assertCleanSplices(out, 2, capture.spanMillis(), peers);
                }
            }
        }
    }

    /** A backup in caller mode pulls from a remote listener (an ffmpeg encoder) and takes over like any other. */
    @Test
    void aCallerModeBackupPullsFromItsRemoteAndTakesOverWhenThePrimaryDies() throws Exception {
        try (Gateway gateway = new Gateway("failover-pull", "21470-21479").start();
                Peers peers = new Peers("failover-pull");
                EventStream events = new EventStream(gateway.baseUrl(), Gateway.TOKEN)) {
            Api api = gateway.api();
            int remotePort = Support.freeUdpPort();
            JsonNode created = api.createIngest("{\"name\":\"pull\",\"backup\":{\"mode\":\"caller\","
                    + "\"address\":\"127.0.0.1:" + remotePort + "\"},"
                    + "\"failover\":{\"switchAfterMs\":500,\"revertAfterMs\":0}}");
            assertThat(created.path("backup").path("mode").asText()).isEqualTo("caller");
            int udpPort = Support.freeUdpPort();
            api.addOutput("pull", "udp", "udp://127.0.0.1:" + udpPort);
            try (UdpCapture capture = new UdpCapture(udpPort, peers.dir().resolve("udp-out.ts"))) {
                Process primary = primaryEncoder(
                        peers, "primary", created.path("source").path("port").asInt(), 40);
                awaitSource(api, "pull", "source", "connected");
                // The backup's remote comes up after the ingest: the caller source has been retrying.
                peers.ffmpegEncoder(
                        "remote",
                        "srt://127.0.0.1:" + remotePort + "?mode=listener&pkt_size=1316",
                        "640x360",
                        FPS,
                        FPS,
                        40,
                        OTHER_PIDS);
                awaitSource(api, "pull", "backup", "connected");
                Support.sleep(3000);

                Peers.kill(primary);
                JsonNode away = events.awaitNth(1, "failover.switch", "pull", Duration.ofSeconds(10));
                assertThat(away.path("to").asText()).isEqualTo("backup");
                assertThat(away.path("cause").asText()).isEqualTo("silent");
                long atSwitch = capture.bytes();
                Support.await(
                        Duration.ofSeconds(10),
                        "the backup's media at the output",
                        () -> capture.bytes() - atSwitch > 1_000_000);
                assertThat(api.ingest("pull").path("activeSource").asText()).isEqualTo("backup");
                capture.close();
                assertCleanSplices(capture.file(), 1, capture.spanMillis(), peers);
            }
        }
    }

    @Test
    void aManualSwitchHoldsUntilAutoReleasesIt() throws Exception {
        try (Gateway gateway = new Gateway("failover-manual", "21440-21449").start();
                Peers peers = new Peers("failover-manual");
                EventStream events = new EventStream(gateway.baseUrl(), Gateway.TOKEN)) {
            Api api = gateway.api();
            JsonNode created = api.createIngest(
                    "{\"name\":\"man\",\"backup\":{\"mode\":\"listener\"}," + "\"failover\":{\"revertAfterMs\":2000}}");
            int udpPort = Support.freeUdpPort();
            api.addOutput("man", "udp", "udp://127.0.0.1:" + udpPort);
            try (UdpCapture capture = new UdpCapture(udpPort, peers.dir().resolve("udp-out.ts"))) {
                primaryEncoder(
                        peers, "primary", created.path("source").path("port").asInt(), 40);
                awaitSource(api, "man", "source", "connected");
                peers.ffmpegEncoder(
                        "backup",
                        "srt://127.0.0.1:" + created.path("backup").path("port").asInt() + "?pkt_size=1316",
                        "640x360",
                        FPS,
                        FPS,
                        40,
                        OTHER_PIDS);
                awaitSource(api, "man", "backup", "connected");
                Support.sleep(2000);

                JsonNode held = api.post("/api/v1/ingests/man/failover", "{\"source\":\"backup\"}")
                        .expect(200);
                assertThat(held.path("failover").path("mode").asText()).isEqualTo("backup");
                JsonNode toBackup = events.awaitNth(1, "failover.switch", "man", Duration.ofSeconds(10));
                assertThat(toBackup.path("to").asText()).isEqualTo("backup");
                assertThat(toBackup.path("cause").asText()).isEqualTo("manual");
                assertThat(toBackup.path("keyframeAligned").asBoolean())
                        .as("the primary stayed on air until the backup's keyframe (1 s GOP)")
                        .isTrue();

                Support.sleep(6000); // three times revertAfterMs with a clean primary
                assertThat(events.all("failover.switch", "man"))
                        .as("held: no revert")
                        .hasSize(1);
                assertThat(api.ingest("man").path("activeSource").asText()).isEqualTo("backup");

                api.post("/api/v1/ingests/man/failover", "{\"source\":\"auto\"}")
                        .expect(200);
                JsonNode released = events.awaitNth(2, "failover.switch", "man", Duration.ofSeconds(10));
                assertThat(released.path("to").asText()).isEqualTo("primary");
                assertThat(released.path("cause").asText()).isEqualTo("revert");
                Support.sleep(2000);
                assertThat(api.ingest("man").path("failover").path("mode").asText())
                        .isEqualTo("auto");

                // The policy is part of the ingest: PATCH changes it at once, the rest stays.
                JsonNode patched = api.patch(
                                "/api/v1/ingests/man", "{\"failover\":{\"revertAfterMs\":0,\"minBitrateKbps\":200}}")
                        .expect(200);
                assertThat(patched.path("failover").path("revertAfterMs").asInt())
                        .isZero();
                assertThat(patched.path("failover").path("minBitrateKbps").asInt())
                        .isEqualTo(200);
                assertThat(patched.path("failover").path("switchAfterMs").asInt())
                        .isEqualTo(500);
                assertThat(api.get("/api/v1/ingests/man/stats")
                                .expect(200)
                                .path("failover")
                                .path("revertAfterMs")
                                .asInt())
                        .as("the running controller has the new policy")
                        .isZero();
                capture.close();
                assertCleanSplices(capture.file(), 2, capture.spanMillis(), peers);
            }
        }
    }

    @Test
    void aPrimaryFlappingUnder30PercentLossCostsABoundedNumberOfSwitches() throws Exception {
        try (Gateway gateway = new Gateway("failover-flap", "21450-21459").start();
                Peers peers = new Peers("failover-flap");
                EventStream events = new EventStream(gateway.baseUrl(), Gateway.TOKEN)) {
            Api api = gateway.api();
            // revertAfterMs shorter than the clean spells, so that only the strikes keep it from flapping.
            JsonNode created =
                    api.createIngest("{\"name\":\"flap\",\"latencyMs\":80,\"backup\":{\"mode\":\"listener\"},"
                            + "\"failover\":{\"revertAfterMs\":3000}}");
            int udpPort = Support.freeUdpPort();
            api.addOutput("flap", "udp", "udp://127.0.0.1:" + udpPort);
            int primaryPort = created.path("source").path("port").asInt();
            try (UdpCapture capture = new UdpCapture(udpPort, peers.dir().resolve("udp-out.ts"));
                    LossyUdpRelay relay = new LossyUdpRelay(primaryPort, 0, 7)) {
                String latency = "&latency=80000"; // ffmpeg's srt latency is in microseconds
                peers.ffmpegEncoder(
                        "primary",
                        "srt://127.0.0.1:" + relay.port() + "?pkt_size=1316" + latency,
                        "640x360",
                        FPS,
                        FPS,
                        75);
                awaitSource(api, "flap", "source", "connected");
                peers.ffmpegEncoder(
                        "backup",
                        "srt://127.0.0.1:" + created.path("backup").path("port").asInt() + "?pkt_size=1316" + latency,
                        "640x360",
                        FPS,
                        FPS,
                        75);
                awaitSource(api, "flap", "backup", "connected");
                Support.sleep(2000);
                assertThat(api.ingest("flap").path("activeSource").asText()).isEqualTo("primary");

                // Six cycles: 30% random loss each way for 5 s, then a clean 5 s.
                int cycles = 6;
                for (int i = 0; i < cycles; i++) {
                    relay.loss(30, true);
                    Support.sleep(5000);
                    relay.loss(0, true);
                    Support.sleep(5000);
                }
                List<JsonNode> switches = events.all("failover.switch", "flap");
                JsonNode stats = api.get("/api/v1/ingests/flap/stats").expect(200);
                System.out.printf(
                        "flapping primary: %d switches in %d cycles of 5 s at 30%% loss / 5 s clean (%s); strikes %d;"
                                + " relay dropped %d datagrams%n",
                        switches.size(),
                        cycles,
                        switches.stream()
                                .map(e -> e.path("to").asText() + ":"
                                        + e.path("cause").asText())
                                .toList(),
                        stats.path("failover").path("strikes").asInt(),
                        relay.dropped());
                assertThat(switches)
                        .as("30% loss damages the primary (unrecovered loss at 80 ms latency): it is left")
                        .isNotEmpty();
                assertThat(switches.get(0).path("cause").asText()).isEqualTo("damaged");
                // Without hysteresis: away and back in every cycle, 2 x 6 = 12. With it, the revert time doubles
                // with each failure soon after a revert: away, back after 3 s clean, away, back after 6 s clean
                // (possible: a lossy spell can look clean for its first second or so, until its first loss
                // SRT cannot recover), away — and 12 s clean never comes in these spells. At most 5.
                assertThat(switches.size())
                        .as("switches stay bounded while the primary flaps")
                        .isLessThanOrEqualTo(5);
                if (switches.size() == 5) {
                    assertThat(switches.get(3).path("reason").asText())
                            .as("the second revert waited for the doubled revert time")
                            .contains("revert time doubled");
                }
                capture.close();
                TsFile out = TsFile.read(capture.file());
                assertThat(out.syncErrors()).isZero();
            }
        }
    }

    @Test
    void aPublisherThatReconnectsIsSplicedWithAFlaggedDiscontinuity() throws Exception {
        try (Gateway gateway = new Gateway("reconnect-splice", "21460-21469").start();
                Peers peers = new Peers("reconnect-splice");
                EventStream events = new EventStream(gateway.baseUrl(), Gateway.TOKEN)) {
            Api api = gateway.api();
            int port = api.createIngest("{\"name\":\"re\"}")
                    .path("source")
                    .path("port")
                    .asInt();
            int udpPort = Support.freeUdpPort();
            api.addOutput("re", "udp", "udp://127.0.0.1:" + udpPort);
            try (UdpCapture capture = new UdpCapture(udpPort, peers.dir().resolve("udp-out.ts"))) {
                Process first = primaryEncoder(peers, "first", port, 30);
                awaitSource(api, "re", "source", "connected");
                Support.sleep(3000);
                Peers.kill(first);
                // Another encoder (other PIDs) takes over once the first has been silent for takeover-after.
                Support.sleep(1500);
                peers.ffmpegEncoder(
                        "second", "srt://127.0.0.1:" + port + "?pkt_size=1316", "640x360", FPS, FPS, 30, OTHER_PIDS);
                awaitPublisher(events, "re", "primary", 2);
                Support.sleep(4000);
                capture.close();
                assertCleanSplices(capture.file(), 1, capture.spanMillis(), peers);
                JsonNode stats = api.get("/api/v1/ingests/re/stats").expect(200);
                assertThat(stats.path("failover").isNull())
                        .as("no backup, no failover view")
                        .isTrue();
            }
        }
    }

    // ---- helpers ----

    private static Process primaryEncoder(Peers peers, String name, int port, int seconds) {
        return peers.ffmpegEncoder(name, "srt://127.0.0.1:" + port + "?pkt_size=1316", "640x360", FPS, FPS, seconds);
    }

    private static void awaitSource(Api api, String ingest, String role, String state) {
        Support.await(
                Duration.ofSeconds(20),
                ingest + " " + role + " " + state,
                () -> api.ingest(ingest).path(role).path("state").asText().equals(state));
    }

    /** The {@code n}-th publisher.connected event of {@code role}. */
    private static JsonNode awaitPublisher(EventStream events, String ingest, String role, int n) {
        Support.await(
                Duration.ofSeconds(20),
                "publisher " + n + " of the " + role,
                () -> events.all("publisher.connected", ingest).stream()
                                .filter(e -> e.path("source").asText().equals(role))
                                .count()
                        >= n);
        return events.all("publisher.connected", ingest).stream()
                .filter(e -> e.path("source").asText().equals(role))
                .skip(n - 1)
                .findFirst()
                .orElseThrow();
    }

    /**
     * The output is one transport stream on the primary's PIDs with no unflagged continuity error, each
     * splice flagged on the video and audio PIDs; ffprobe sees one program with H.264 and AAC; ffmpeg decodes
     * it all, across the splices.
     */
    private static void assertCleanSplices(Path file, int splices, double spanMillis, Peers peers) throws Exception {
        TsFile ts = TsFile.read(file);
        assertThat(ts.packets()).as(file + " packets").isGreaterThan(3_000);
        assertThat(ts.syncErrors()).as("sync errors in " + file).isZero();
        assertThat(ts.continuityErrors())
                .as("continuity errors in %s (%s)", file, ts.describe())
                .isZero();
        assertThat(ts.pids().keySet())
                .as("only the primary's PIDs (the backup's are remapped): %s", ts.describe())
                .isSubsetOf(PRIMARY_PIDS);
        assertThat(ts.discontinuities().getOrDefault(0x100, 0L))
                .as("video PID flagged at each splice (ffmpeg flags its first packet too)")
                .isBetween((long) splices, splices + 1L);
        assertThat(ts.discontinuities().getOrDefault(0x101, 0L)).isBetween((long) splices, splices + 1L);

        String name = file.getFileName().toString();
        Process probe = peers.start(
                name + ".probe",
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "program=program_id:program_stream=codec_name",
                "-of",
                "json",
                file.toString());
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        JsonNode programs = Api.JSON
                .readTree(Files.readString(peers.dir().resolve(name + ".probe")))
                .path("programs");
        assertThat(programs).as("ffprobe of %s: one program", name).hasSize(1);
        assertThat(programs.get(0).path("program_id").asInt())
                .as("the primary's program number")
                .isEqualTo(1);
        List<String> codecs = new java.util.ArrayList<>();
        programs.get(0)
                .path("streams")
                .forEach(x -> codecs.add(x.path("codec_name").asText()));
        assertThat(codecs).containsExactlyInAnyOrder("h264", "aac");

        Process count = peers.start(
                name + ".frames",
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=nb_read_frames",
                "-of",
                "csv=p=0",
                file.toString());
        assertThat(count.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(count.exitValue()).isZero();
        long frames = Long.parseLong(Files.readAllLines(peers.dir().resolve(name + ".frames"))
                .get(0)
                .strip()
                .replace(",", ""));
        // The capture's span in frames: a decoder that gave up at a splice would read far fewer. (Frames lost
        // while a dead primary was detected, and at a splice that is not at a keyframe, are under a second.)
        long expected = Math.round(spanMillis / 1000 * FPS);
        System.out.printf(
                "%s: %d packets, %d of ~%d video frames decoded, PIDs %s%n",
                name, ts.packets(), frames, expected, ts.describe());
        assertThat(frames).as("frames decoded from " + name).isGreaterThan(expected * 8 / 10);
        Process decode =
                peers.start(name + ".decode", "ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        assertThat(decode.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(decode.exitValue()).as("ffmpeg decodes " + name).isZero();
        // A splice away from a dead encoder that is not at a keyframe costs the decoder one damaged picture
        // (a macroblock error and its follow-up line); anything more would be a broken splice.
        assertThat(Files.readAllLines(peers.dir().resolve(name + ".decode.log")))
                .as("ffmpeg's errors decoding " + name)
                .hasSizeLessThanOrEqualTo(3 * splices);
    }
}
