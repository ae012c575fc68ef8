package io.sluice.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real content: two independent ffmpeg encodes of the same pattern ({@link TsMedia#SPLICE_PRIMARY} on
 * ffmpeg's default PIDs, {@link TsMedia#SPLICE_BACKUP} on other PIDs, program and transport_stream_id), fed
 * side by side as live encoders would send them — 1316-byte payloads, equal byte offsets at equal times (both
 * are muxed at 2 Mbit/s) — while the splicer switches to the backup and back, keyframe-aligned. The output
 * goes to target/ts-media/spliced.ts and is checked by the analyzer, ffmpeg (decoding it) and ffprobe.
 */
class TsSplicerMediaTest {
    /** nowNanos per payload: 1316 bytes at 2 Mbit/s. */
    static final long PAYLOAD_NANOS = Feed.PAYLOAD * 8L * 1_000_000_000L / TsMedia.SPLICE_MUXRATE;

    @Test
    void switchingBetweenTwoIndependentEncodesKeepsThePrimarysIdentityAndDecodes() throws Exception {
        byte[] primary = TsMedia.SPLICE_PRIMARY.bytes();
        byte[] backup = TsMedia.SPLICE_BACKUP.bytes();
        SpliceRun run = new SpliceRun();
        int payloads = (Math.max(primary.length, backup.length) + Feed.PAYLOAD - 1) / Feed.PAYLOAD;
        int toBackup = (int) (4_000_000_000L / PAYLOAD_NANOS); // at 4 s
        int toPrimary = (int) (8_000_000_000L / PAYLOAD_NANOS); // at 8 s
        for (int i = 0; i < payloads; i++) {
            long now = i * PAYLOAD_NANOS;
            if (i == toBackup) run.splicer.requestSwitch(1, now + 2_000_000_000L); // GOPs are 1 s: no deadline
            if (i == toPrimary) run.splicer.requestSwitch(0, now + 2_000_000_000L);
            feed(run, 0, primary, i, now);
            feed(run, 1, backup, i, now);
        }
        byte[] out = run.output();
        Path file = TsMedia.dir().resolve("spliced.ts");
        Files.write(file, out);

        SpliceStats stats = run.splicer.stats();
        assertThat(stats.switches()).isEqualTo(2);
        assertThat(stats.keyframeAlignedSwitches()).isEqualTo(2);
        assertThat(stats.lastSwitch().atNanos())
                .as("within a GOP of the request")
                .isBetween(toPrimary * PAYLOAD_NANOS, toPrimary * PAYLOAD_NANOS + 1_100_000_000L);
        assertThat(stats.faults()).isZero();

        MediaSnapshot s = Feed.all(out).snapshot(0);
        assertThat(s.continuityErrors()).isZero();
        assertThat(SpliceRun.strictContinuityViolations(out)).isEmpty();
        assertThat(s.transportStreamId()).isEqualTo(1);
        assertThat(s.programs()).containsExactly(new ProgramInfo(1, 0x1000, 0x100, 0));
        assertThat(s.streams())
                .extracting(StreamInfo::pid, StreamInfo::codec)
                .containsExactly(tuple(0x100, "h264"), tuple(0x101, "aac"));
        assertThat(s.pids().stream().filter(p -> p.packets() > 0).map(PidInfo::pid))
                .as("PAT, SDT (the primary's), PMT, video, audio, null packets")
                .containsExactlyInAnyOrder(0, 0x11, 0x1000, 0x100, 0x101, TsPacket.NULL_PID);
        assertThat(s.errors().crcErrors()).isZero();

        // ffmpeg decodes all of it (each input alone decodes without a message). What it reports comes from the
        // splices, of two kinds (seen: 5 lines for 2 switches):
        // - the old input's last video frame (or audio frame) is cut short: the switch is a hard cut, so the
        //   PES in progress on the old input at the switch point never ends ("error while decoding MB …",
        //   or for AAC "Input buffer exhausted …" + "Error while decoding stream …");
        // - "non monotonically increasing dts": the two encoders' timestamps are close but not equal (their
        //   frame and audio grids are offset by a fraction of a frame, and only the backup has B-frames), so at
        //   a splice a frame of the new input may not come after the old input's last one on ffmpeg's output
        //   time base — and once more at the end, when the decoder flushes the frames it holds for the reorder
        //   delay the backup's B-frames left. ffmpeg ignores discontinuity_indicator; the packets still decode.
        Result decode = run("ffmpeg", "-hide_banner", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        assertThat(decode.exit()).as(decode.output()).isZero();
        assertThat(decode.lines())
                .as(decode.output())
                .allMatch(l -> l.contains("non monotonically increasing dts to muxer")
                        || l.contains("error while decoding MB")
                        || l.contains("Input buffer exhausted")
                        || l.startsWith("Error while decoding stream"))
                .hasSizeLessThanOrEqualTo(4 * (int) stats.switches());

        Result probe = run(
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "program=program_num,pmt_pid,pcr_pid",
                "-of",
                "default=noprint_wrappers=1",
                file.toString());
        assertThat(probe.exit()).isZero();
        assertThat(probe.lines()).as("one program").containsExactly("program_num=1", "pmt_pid=4096", "pcr_pid=256");
    }

    /** Payload {@code i} of {@code ts} (the last one may be short) as {@code input}, at {@code now}. */
    private static void feed(SpliceRun run, int input, byte[] ts, int i, long now) {
        int from = i * Feed.PAYLOAD;
        if (from >= ts.length) return;
        run.now = now;
        run.accept(input, Arrays.copyOfRange(ts, from, Math.min(ts.length, from + Feed.PAYLOAD)));
    }

    record Result(int exit, String output) {
        List<String> lines() {
            return output.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
