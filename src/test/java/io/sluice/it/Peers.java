package io.sluice.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real peer processes (srt-live-transmit, ffmpeg, ffprobe) with their output in files under target/it,
 * all stopped by {@link #close()}.
 */
public final class Peers implements AutoCloseable {
    private final Path dir;
    private final List<Process> started = new ArrayList<>();

    public Peers(String testName) {
        this.dir = Support.workDir().resolve(testName);
    }

    public Path dir() {
        return dir;
    }

    /** Starts {@code command}; stdout goes to {@code stdoutFile} (in this test's dir), stderr to a .log beside it. */
    public Process start(String stdoutFile, String... command) {
        try {
            java.nio.file.Files.createDirectories(dir);
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.redirectOutput(dir.resolve(stdoutFile).toFile());
            pb.redirectError(dir.resolve(stdoutFile + ".log").toFile());
            Process p = pb.start();
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new AssertionError("cannot start " + String.join(" ", command), e);
        }
    }

    /** srt-live-transmit {@code source} → {@code target}, writing stdout to {@code stdoutFile}. */
    public Process srtLiveTransmit(String stdoutFile, String source, String target) {
        return start(stdoutFile, "srt-live-transmit", "-q", "-a:no", source, target);
    }

    /** srt-live-transmit receiving {@code srtUrl} into a file (through stdout). */
    public Process srtSink(String file, String srtUrl) {
        return srtLiveTransmit(file, srtUrl, "file://con");
    }

    /**
     * A live encoder: ffmpeg with lavfi's testsrc2 pattern and a sine tone, H.264 (libx264 ultrafast,
     * zerolatency) and AAC 48 kHz stereo, in MPEG-TS over {@code url} (an srt:// URL with pkt_size=1316),
     * paced in real time for {@code seconds}.
     *
     * @param size picture size, e.g. 640x360
     * @param fps frames per second
     * @param gop frames between keyframes
     * @param options further ffmpeg output options (bitrate, mux rate, PIDs), placed before the output URL
     */
    public Process ffmpegEncoder(
            String logName, String url, String size, int fps, int gop, int seconds, String... options) {
        List<String> cmd = new ArrayList<>(List.of(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + size + ":rate=" + fps,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=1000:sample_rate=48000",
                "-t",
                Integer.toString(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
                "-g",
                Integer.toString(gop),
                "-c:a",
                "aac",
                "-ar",
                "48000",
                "-ac",
                "2"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-f", "mpegts", url));
        return start(logName, cmd.toArray(String[]::new));
    }

    /** Stops with SIGINT (srt-live-transmit flushes its output) and waits. */
    public static void interrupt(Process p) {
        if (!p.isAlive()) return;
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        } catch (IOException | InterruptedException e) {
            p.destroyForcibly();
        }
    }

    /** kill -9. */
    public static void kill(Process p) {
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** kill -STOP / -CONT: a peer that stops reading without going away. */
    public static void signal(Process p, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                    .start()
                    .waitFor();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        for (Process p : started) {
            if (p.isAlive()) {
                signal(p, "CONT");
                interrupt(p);
            }
        }
    }
}
