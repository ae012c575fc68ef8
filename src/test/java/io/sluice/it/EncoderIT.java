package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real encoder in, a real prober out, encrypted on both legs. */
class EncoderIT {

    @Test
    void ffmpegEncoderThroughAnEncryptedIngestIsProbedAsH264AndAac() throws Exception {
        try (Gateway gateway = new Gateway("encoder", "21020-21029").start();
                Peers peers = new Peers("encoder")) {
            Api api = gateway.api();
            int ingestPort = api.createIngest(
                            "{\"name\":\"enc\",\"passphrase\":\"ingest-secret-1\",\"pbKeyLen\":32,\"latencyMs\":200}")
                    .path("source")
                    .path("port")
                    .asInt();
            JsonNode out = api.addOutput("enc", "srt", "srt://:0?mode=listener&passphrase=reader-secret-22");
            int outPort = out.path("port").asInt();

            peers.ffmpegEncoder(
                    "ffmpeg.out",
                    "srt://127.0.0.1:" + ingestPort + "?pkt_size=1316&passphrase=ingest-secret-1&pbkeylen=32",
                    "640x360",
                    25,
                    25,
                    40,
                    "-b:a",
                    "96k");
            Support.await(
                    Duration.ofSeconds(20),
                    "the encoder connected",
                    () -> api.ingest("enc").path("state").asText().equals("connected"));

            Process probe = peers.start(
                    "ffprobe.json",
                    "ffprobe",
                    "-v",
                    "error",
                    "-show_entries",
                    "stream=codec_name,codec_type",
                    "-of",
                    "json",
                    "srt://127.0.0.1:" + outPort + "?passphrase=reader-secret-22");
            assertThat(probe.waitFor(30, TimeUnit.SECONDS))
                    .as("ffprobe finished")
                    .isTrue();
            JsonNode streams = Api.JSON
                    .readTree(Files.readString(peers.dir().resolve("ffprobe.json")))
                    .path("streams");
            List<String> codecs = new ArrayList<>();
            streams.forEach(s -> codecs.add(
                    s.path("codec_type").asText() + ":" + s.path("codec_name").asText()));
            assertThat(codecs).contains("video:h264", "audio:aac");
        }
    }
}
