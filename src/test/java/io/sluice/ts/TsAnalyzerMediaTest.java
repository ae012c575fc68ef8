package io.sluice.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The analyzer on real ffmpeg output, fed as SRT payloads of 7 packets at the stream's pace. */
class TsAnalyzerMediaTest {

    @Test
    void h264AndAacAtFiveMegabits() {
        TsAnalyzer a = new TsAnalyzer();
        long end = Feed.paced(a, TsMedia.H264_AAC.bytes(), 5e6, 1_000_000_000L);
        MediaSnapshot s = a.snapshot(end);

        assertThat(s.bitrateBps()).isCloseTo(5_000_000L, within(250_000L));
        assertThat(s.hasVideo()).isTrue();
        assertThat(s.hasAudio()).isTrue();
        assertThat(s.pcrPresent()).isTrue();
        assertThat(s.continuityErrors()).isZero();
        assertThat(s.lastPacketAgeMs()).isBetween(0L, 5L);
        assertThat(s.errors()).isEqualTo(new TsErrors(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(s.programs()).containsExactly(new ProgramInfo(1, 0x1000, 0x100, 0));

        StreamInfo video = s.stream(0x100);
        assertThat(video.kind()).isEqualTo("video");
        assertThat(video.codec()).isEqualTo("h264");
        assertThat(video.width()).isEqualTo(1280);
        assertThat(video.height()).isEqualTo(720);
        assertThat(video.frameRate()).isEqualTo(30.0);
        assertThat(video.keyframeIntervalSeconds()).isEqualTo(1.0);
        assertThat(video.keyframeIntervalFrames()).isEqualTo(30);
        assertThat(video.bitrateBps()).isBetween(3_000_000L, 5_000_000L);

        StreamInfo audio = s.stream(0x101);
        assertThat(audio.kind()).isEqualTo("audio");
        assertThat(audio.codec()).isEqualTo("aac");
        assertThat(audio.sampleRate()).isEqualTo(48000);
        assertThat(audio.channels()).isEqualTo(2);
        assertThat(audio.bitrateBps()).isBetween(100_000L, 200_000L);

        // Per-PID rates (null packets and PSI included) add up to the total.
        long sum = s.pids().stream().mapToLong(PidInfo::bitrateBps).sum();
        assertThat(sum).isCloseTo(s.bitrateBps(), within(s.bitrateBps() / 100));
    }

    record Expected(
            int pid,
            String codec,
            String kind,
            Integer width,
            Integer height,
            Double fps,
            Double keySeconds,
            Integer keyFrames,
            Integer rate,
            Integer channels) {}

    static final Map<TsMedia, Expected[]> EXPECTED = Map.of(
            TsMedia.HEVC_AC3,
            new Expected[] {
                new Expected(0x100, "hevc", "video", 640, 360, 25.0, 1.0, 25, null, null),
                new Expected(0x101, "ac3", "audio", null, null, null, null, null, 48000, 6)
            },
            TsMedia.MPEG2_MP2,
            new Expected[] {
                new Expected(0x100, "mpeg2video", "video", 720, 576, 25.0, 0.48, 12, null, null),
                new Expected(0x101, "mp2", "audio", null, null, null, null, null, 48000, 2)
            },
            TsMedia.H264_OPUS,
            new Expected[] {
                new Expected(0x100, "h264", "video", 320, 240, 25.0, 1.0, 25, null, null),
                new Expected(0x101, "opus", "audio", null, null, null, null, null, 48000, 2)
            },
            TsMedia.OTHER_PIDS_EAC3,
            new Expected[] {
                new Expected(0x310, "h264", "video", 320, 240, 25.0, 2.0, 50, null, null),
                new Expected(0x320, "eac3", "audio", null, null, null, null, null, 44100, 2)
            });

    @ParameterizedTest
    @EnumSource(names = {"HEVC_AC3", "MPEG2_MP2", "H264_OPUS", "OTHER_PIDS_EAC3"})
    void codecsFormatsAndKeyframes(TsMedia media) {
        TsAnalyzer a = new TsAnalyzer();
        long end = Feed.paced(a, media.bytes(), 2e6, 0);
        MediaSnapshot s = a.snapshot(end);
        assertThat(s.continuityErrors()).isZero();
        assertThat(s.hasVideo()).isTrue();
        assertThat(s.hasAudio()).isTrue();
        assertThat(s.pcrPresent()).isTrue();
        assertThat(s.streams()).hasSize(2);
        for (Expected e : EXPECTED.get(media)) {
            StreamInfo st = s.stream(e.pid());
            assertThat(st).as("stream on PID 0x%x", e.pid()).isNotNull();
            assertThat(new Expected(
                            st.pid(),
                            st.codec(),
                            st.kind(),
                            st.width(),
                            st.height(),
                            st.frameRate(),
                            st.keyframeIntervalSeconds(),
                            st.keyframeIntervalFrames(),
                            st.sampleRate(),
                            st.channels()))
                    .isEqualTo(e);
        }
    }

    @Test
    void otherPidsAndProgramNumberAreFollowed() {
        MediaSnapshot s = Feed.all(TsMedia.OTHER_PIDS_EAC3.bytes()).snapshot(0);
        assertThat(s.programs()).containsExactly(new ProgramInfo(7, 0x200, 0x310, 0));
        assertThat(s.streams()).extracting(StreamInfo::program).containsOnly(7);
    }

    @Test
    void nPayloadPacketsRemovedAtSeparatePlacesAreExactlyNContinuityErrors() {
        byte[] ts = TsMedia.H264_AAC.bytes();
        int packets = ts.length / 188;
        int n = 0;
        Map<Integer, Integer> perPid = new HashMap<>();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        int nextRemoval = 500;
        for (int i = 0; i < packets; i++) {
            int p = i * 188;
            int pid = TsPacket.pid(ts, p);
            boolean payload = (TsPacket.adaptationFieldControl(ts, p) & 1) != 0;
            if (i >= nextRemoval && pid != TsPacket.NULL_PID && payload) {
                n++;
                perPid.merge(pid, 1, Integer::sum);
                nextRemoval = i + 300 + (i % 97); // separate places
                continue;
            }
            kept.write(ts, p, 188);
        }
        assertThat(n).isGreaterThan(30);
        assertThat(perPid).containsKey(0x100); // video
        MediaSnapshot s = Feed.all(kept.toByteArray()).snapshot(0);
        assertThat(s.continuityErrors()).isEqualTo(n);
        for (PidInfo p : s.pids()) {
            assertThat(p.continuityErrors()).as("PID 0x%x", p.pid()).isEqualTo((long) perPid.getOrDefault(p.pid(), 0));
        }
    }
}
