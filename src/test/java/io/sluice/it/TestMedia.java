package io.sluice.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Test content, generated once per build into target/test-media (TESTING.md): 20 s of 1280x720 30 fps
 * H.264 (SPS/PPS before every keyframe) + AAC 48 kHz, muxed into MPEG-TS at a constant 5 Mbit/s.
 */
public final class TestMedia {
    private TestMedia() {}

    /** The mux rate of {@link #source()}, bit/s. */
    public static final int MUX_RATE = 5_000_000;

    public static synchronized Path source() {
        Path dir = Support.workDir().getParent().resolve("test-media");
        Path ts = dir.resolve("src.ts");
        if (Files.exists(ts)) return ts;
        try {
            Files.createDirectories(dir);
            Path partial = dir.resolve("src.partial.ts");
            Process p = new ProcessBuilder(
                            "ffmpeg",
                            "-hide_banner",
                            "-loglevel",
                            "error",
                            "-y",
                            "-f",
                            "lavfi",
                            "-i",
                            "testsrc2=size=1280x720:rate=30",
                            "-f",
                            "lavfi",
                            "-i",
                            "sine=frequency=1000:sample_rate=48000",
                            "-t",
                            "20",
                            "-c:v",
                            "libx264",
                            "-preset",
                            "veryfast",
                            "-g",
                            "30",
                            "-b:v",
                            "4M",
                            "-x264-params",
                            "repeat-headers=1",
                            "-c:a",
                            "aac",
                            "-b:a",
                            "128k",
                            "-f",
                            "mpegts",
                            "-muxrate",
                            "5M",
                            partial.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ffmpeg.log").toFile())
                    .start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError("ffmpeg could not make the test media; see " + dir.resolve("ffmpeg.log"));
            }
            Files.move(partial, ts);
            return ts;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
