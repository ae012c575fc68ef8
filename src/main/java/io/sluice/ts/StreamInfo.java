package io.sluice.ts;

/**
 * One elementary stream declared in a PMT. Fields a stream does not carry (or that have not been seen yet)
 * are null.
 *
 * @param pid elementary_PID
 * @param program program_number of the PMT that declares it
 * @param kind {@code video}, {@code audio} or {@code data}
 * @param codec short lower-case codec name: {@code h264}, {@code hevc}, {@code mpeg2video}, {@code aac},
 *     {@code ac3}, {@code eac3}, {@code mp2} (MPEG-1/2 audio), {@code opus}, {@code scte35}, {@code klv},
 *     … or {@code unknown}
 * @param streamType stream_type from the PMT (ISO/IEC 13818-1 Table 2-34)
 * @param language ISO 639-2 code from the ISO_639_language_descriptor, lower case
 * @param width picture width after cropping, luma samples (from the SPS or sequence header)
 * @param height picture height after cropping, luma samples
 * @param frameRate frames/s: declared by the stream (H.264/HEVC VUI timing, MPEG-2 frame_rate_code), else
 *     measured from PTS/DTS over ≥ 2 s
 * @param keyframeIntervalSeconds time between the last two keyframes (IDR/IRAP/I pictures) by PTS, s
 * @param keyframeIntervalFrames access units between the last two keyframes, in decode order (with an open
 *     GOP, leading pictures decoded after a keyframe count in the interval that keyframe ends)
 * @param sampleRate audio sampling rate, Hz
 * @param channels audio channels including LFE
 * @param bitrateBps this PID's bitrate over the last ~1 s, bits/s (188 bytes per packet)
 * @param packets TS packets on this PID, count
 * @param continuityErrors continuity_counter errors on this PID, count
 */
public record StreamInfo(
        int pid,
        int program,
        String kind,
        String codec,
        int streamType,
        String language,
        Integer width,
        Integer height,
        Double frameRate,
        Double keyframeIntervalSeconds,
        Integer keyframeIntervalFrames,
        Integer sampleRate,
        Integer channels,
        long bitrateBps,
        long packets,
        long continuityErrors) {}
