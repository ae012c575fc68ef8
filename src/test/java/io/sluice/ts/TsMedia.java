package io.sluice.ts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real test content made by ffmpeg (lavfi test sources, so nothing is downloaded) into target/ts-media, once
 * per build directory; media is never committed.
 */
enum TsMedia {
    /** TESTING.md's content, 4 s: H.264 1280x720 30 fps GOP 30 + AAC 48 kHz stereo, muxed at 5 Mbit/s. */
    H264_AAC("-f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=1000:sample_rate=48000 -t 4"
            + " -c:v libx264 -preset ultrafast -g 30 -b:v 4M -x264-params repeat-headers=1"
            + " -c:a aac -b:a 128k -ac 2 -f mpegts -muxrate 5M"),
    /** HEVC 640x360 25 fps, closed GOP of 25 + AC-3 48 kHz 5.1. */
    HEVC_AC3("-f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=frequency=1000:sample_rate=48000 -t 3"
            + " -c:v libx265 -preset ultrafast -x265-params log-level=error:keyint=25:min-keyint=25:open-gop=0"
            + " -c:a ac3 -ac 6 -f mpegts"),
    /** MPEG-2 video 720x576 25 fps GOP 12 + MPEG-1 layer II 48 kHz stereo. */
    MPEG2_MP2("-f lavfi -i testsrc2=size=720x576:rate=25 -f lavfi -i sine=frequency=1000:sample_rate=48000 -t 3"
            + " -c:v mpeg2video -g 12 -b:v 3M -c:a mp2 -b:a 192k -ac 2 -f mpegts"),
    /** H.264 320x240 25 fps + Opus stereo (private PES with registration 'Opus'). */
    H264_OPUS("-f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=1000:sample_rate=48000 -t 3"
            + " -c:v libx264 -preset ultrafast -g 25 -c:a libopus -ac 2 -f mpegts"),
    /** Other PIDs and program number: PMT 0x200, video 0x310, E-AC-3 44.1 kHz on 0x320, service 7. */
    OTHER_PIDS_EAC3("-f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=1000:sample_rate=44100 -t 3"
            + " -c:v libx264 -preset ultrafast -g 50 -c:a eac3 -ac 2 -mpegts_pmt_start_pid 0x200"
            + " -mpegts_start_pid 0x300 -streamid 0:0x310 -streamid 1:0x320 -mpegts_service_id 7 -f mpegts"),
    /**
     * Splicing, primary: 12 s of H.264 640x360 25 fps (x264 ultrafast, 1 Mbit/s, GOP 25, SPS/PPS before every
     * keyframe) + AAC 48 kHz stereo, muxed at a constant 2 Mbit/s; ffmpeg's default PIDs (PMT 0x1000, video
     * 0x100 with the PCR, audio 0x101), program 1, transport_stream_id 1.
     */
    SPLICE_PRIMARY(TsMedia.SPLICE + " -preset ultrafast -b:v 1M -maxrate 1M -bufsize 1M"),
    /**
     * Splicing, backup: the same pattern encoded independently (x264 veryfast, 800 kbit/s) and muxed the same
     * way, on other PIDs and another program: PMT 0x1100, video 0x300, audio 0x301, program 7,
     * transport_stream_id 9.
     */
    SPLICE_BACKUP(TsMedia.SPLICE + " -preset veryfast -b:v 800k -maxrate 800k -bufsize 800k -mpegts_start_pid 0x200"
            + " -streamid 0:0x300 -streamid 1:0x301 -mpegts_service_id 7 -mpegts_pmt_start_pid 0x1100"
            + " -mpegts_transport_stream_id 9");

    /** Mux rate of the splicing media, bits/s: both have the same, so equal byte offsets are equal times. */
    static final int SPLICE_MUXRATE = 2_000_000;

    private static final String SPLICE = "-f lavfi -i testsrc2=size=640x360:rate=25"
            + " -f lavfi -i sine=frequency=1000:sample_rate=48000 -t 12 -c:v libx264 -g 25"
            + " -x264-params repeat-headers=1 -c:a aac -b:a 128k -ac 2 -f mpegts -muxrate 2M";

    private final String args;

    TsMedia(String args) {
        this.args = args;
    }

    static Path dir() {
        return Path.of(System.getProperty("user.dir"), "target", "ts-media");
    }

    synchronized Path path() {
        Path ts = dir().resolve(name().toLowerCase() + ".ts");
        if (Files.exists(ts)) return ts;
        try {
            Files.createDirectories(dir());
            Path partial = dir().resolve(name().toLowerCase() + ".partial.ts");
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
            cmd.addAll(List.of(args.split(" ")));
            cmd.add(partial.toString());
            Path log = dir().resolve(name().toLowerCase() + ".log");
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError("ffmpeg could not make " + ts + "; see " + log);
            }
            Files.move(partial, ts);
            return ts;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    byte[] bytes() {
        return Feed.read(path());
    }
}
