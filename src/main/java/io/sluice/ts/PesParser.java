package io.sluice.ts;

import java.util.Arrays;
import java.util.Objects;

/**
 * Looks at the start of each PES packet (ISO/IEC 13818-1 §2.4.3.6) of one elementary stream: PTS/DTS, and
 * the first headers of the elementary stream — H.264/HEVC parameter sets and the first slice's NAL type,
 * MPEG-2 sequence and picture headers, or an audio frame header.
 *
 * <p>Only the first {@link #VIDEO_BUFFER} (video) or {@link #AUDIO_BUFFER} (audio) bytes of a PES are
 * copied, into a fixed buffer, and copying stops as soon as what is wanted has been seen (for video: the
 * first slice NAL, normally within the first TS packet). NAL units may span TS packets; a parameter set
 * cut by the end of the buffer is ignored. Access units are counted one per PES packet, as broadcast and
 * ffmpeg muxers write video.
 *
 * <p>Receive thread only. Allocates a record only when a format changes.
 */
final class PesParser {
    /** Bytes of a video PES kept: PES header (≤ 264) + AUD, VPS/SPS/PPS and SEI before the first slice. */
    static final int VIDEO_BUFFER = 4096;
    /** Bytes of an audio PES kept: PES header (≤ 264) + room to find a frame header. */
    static final int AUDIO_BUFFER = 512;
    /** Largest parameter set remembered to skip re-parsing an unchanged one, bytes. */
    private static final int SPS_COPY = 512;

    /** 90 kHz timestamps are 33 bits (§2.4.3.7). */
    private static final long TS_MASK = (1L << 33) - 1;
    /** A keyframe interval longer than this (10 min, 90 kHz ticks) is a timestamp jump, not an interval. */
    private static final long MAX_INTERVAL = 600L * 90_000;
    /** Frame rate is measured from timestamps over windows of at least this (2 s, 90 kHz ticks). */
    private static final long RATE_WINDOW = 2L * 90_000;
    /** A gap longer than this (10 s) restarts the measurement. */
    private static final long RATE_RESTART = 10L * 90_000;

    final Codec codec;
    private final PidState out;
    private final byte[] buf;
    private final boolean video;

    /** Copying the current PES start; false once done, damaged, or before the first unit start. */
    private boolean collecting;

    private int length;
    /** First elementary-stream byte in {@link #buf}, or −1 until the PES header is in. */
    private int esStart = -1;
    /** Where the start-code scan continues. */
    private int scan;
    /** Start of the NAL unit in progress (its header), or −1. */
    private int nalStart = -1;

    private long pts = -1;
    private long dts = -1;

    /** Access units (PES packets) so far. */
    private long accessUnits;
    /** PTS (or DTS) and access-unit count at the last keyframe; −1 before it. */
    private long keyTime = -1;

    private long keyUnits;
    /** Start of the frame-rate measurement window: timestamp and access-unit count. */
    private long rateTime = -1;

    private long rateUnits;

    private final byte[] lastSps;
    private int lastSpsLength = -1;
    private final byte[] lastVps;
    private int lastVpsLength = -1;
    /** HEVC: frame rate from the VPS, used when the SPS has no VUI timing; den 0 = none. */
    private long vpsRateNum;

    private long vpsRateDen;
    /** MPEG-2: a sequence header was seen in this PES and is in {@link Scratch#video}. */
    private boolean sequenceSeen;

    private PesParser(Codec codec, PidState out, boolean video) {
        this.codec = codec;
        this.out = out;
        this.video = video;
        this.buf = new byte[video ? VIDEO_BUFFER : AUDIO_BUFFER];
        this.lastSps = video ? new byte[SPS_COPY] : null;
        this.lastVps = codec == Codec.HEVC ? new byte[SPS_COPY] : null;
    }

    /** A parser for the codecs this class reads, or null. */
    static PesParser create(Codec codec, PidState out) {
        return switch (codec) {
            case H264, HEVC, MPEG1VIDEO, MPEG2VIDEO -> new PesParser(codec, out, true);
            case AAC, MP2, AC3, EAC3 -> new PesParser(codec, out, false);
            default -> null;
        };
    }

    /** The PES in progress lost bytes (continuity error): do not trust its start. */
    void discontinuity() {
        collecting = false;
    }

    /** Payload {@code b[from, to)} of one TS packet of this PID. */
    void push(byte[] b, int from, int to, boolean unitStart, Scratch s) {
        if (unitStart) {
            if (collecting && esStart >= 0) scan(s, true); // the previous PES ended: its last NAL unit ends here
            collecting = true;
            length = 0;
            esStart = -1;
            nalStart = -1;
            sequenceSeen = false;
        }
        if (!collecting) return;
        int n = Math.min(to - from, buf.length - length);
        System.arraycopy(b, from, buf, length, n);
        length += n;
        if (esStart < 0 && !header()) return;
        scan(s, false);
        if (collecting && length == buf.length) collecting = false; // cut: whatever was not seen is not parsed
    }

    /** PES header (§2.4.3.6, Table 2-21); false while incomplete or when this is not a PES with a header. */
    private boolean header() {
        if (length < 9) return false;
        if (buf[0] != 0 || buf[1] != 0 || buf[2] != 1) { // packet_start_code_prefix
            collecting = false;
            return false;
        }
        if ((buf[6] & 0xC0) != 0x80) { // '10' before the flags: a stream_id without the optional header
            collecting = false;
            return false;
        }
        int headerLength = buf[8] & 0xFF; // PES_header_data_length, bytes
        if (length < 9 + headerLength) return false;
        int ptsDtsFlags = (buf[7] & 0xC0) >>> 6;
        pts = ptsDtsFlags >= 2 && headerLength >= 5 ? timestamp(9) : -1;
        dts = ptsDtsFlags == 3 && headerLength >= 10 ? timestamp(14) : -1;
        esStart = 9 + headerLength;
        scan = esStart;
        if (video) accessUnit();
        return true;
    }

    /** PTS/DTS: 4 bits, then 33 bits in pieces of 3, 15 and 15 with marker bits between (§2.4.3.7). */
    private long timestamp(int p) {
        return ((long) (buf[p] & 0x0E) << 29)
                | ((long) (buf[p + 1] & 0xFF) << 22)
                | ((long) (buf[p + 2] & 0xFE) << 14)
                | ((long) (buf[p + 3] & 0xFF) << 7)
                | ((buf[p + 4] & 0xFE) >>> 1);
    }

    /** One more access unit; measures the frame rate from timestamps (DTS, else PTS) every 2 s or more. */
    private void accessUnit() {
        accessUnits++;
        long t = dts >= 0 ? dts : pts;
        if (t < 0) return;
        if (rateTime < 0) {
            rateTime = t;
            rateUnits = accessUnits;
            return;
        }
        long ticks = (t - rateTime) & TS_MASK;
        if (ticks > RATE_RESTART) {
            rateTime = t;
            rateUnits = accessUnits;
        } else if (ticks >= RATE_WINDOW) {
            double fps = (accessUnits - rateUnits) * 90_000.0 / ticks;
            out.set(PidState.MEASURED_FRAME_RATE, Double.doubleToRawLongBits(fps));
            rateTime = t;
            rateUnits = accessUnits;
        }
    }

    private void scan(Scratch s, boolean pesEnded) {
        switch (codec) {
            case H264, HEVC -> scanNal(s, pesEnded);
            case MPEG1VIDEO, MPEG2VIDEO -> scanMpeg2(s);
            default -> scanAudio(s, pesEnded);
        }
    }

    /**
     * Finds NAL units by their start code 0x000001 (H.264 Annex B, H.265 Annex B), parses parameter sets
     * when they end and stops at the first VCL NAL unit, noting IDR (H.264 nal_unit_type 5, §7.4.1.2.4) and
     * IRAP (H.265 nal_unit_type 16..23, §7.4.2.2) pictures as keyframes.
     */
    private void scanNal(Scratch s, boolean pesEnded) {
        boolean hevc = codec == Codec.HEVC;
        int headerBytes = hevc ? 2 : 1;
        int i = scan;
        while (i + 3 <= length) {
            int third = buf[i + 2] & 0xFF;
            if (third > 1) { // no start code can begin at i, i+1 or i+2
                i += 3;
                continue;
            }
            if (third != 1 || buf[i] != 0 || buf[i + 1] != 0) {
                i++;
                continue;
            }
            if (nalStart >= 0) {
                nalEnded(s, nalStart, i);
                nalStart = -1;
            }
            int h = i + 3;
            if (h + headerBytes > length) break; // the header is in the next packet
            int type = nalType(hevc, buf[h]);
            if (isVcl(hevc, type)) {
                if (isRandomAccessPicture(hevc, type)) keyframe();
                collecting = false;
                return;
            }
            nalStart = h;
            i = h;
        }
        scan = i;
        if (pesEnded && nalStart >= 0) {
            nalEnded(s, nalStart, length);
            nalStart = -1;
        }
    }

    /** nal_unit_type from the first NAL unit header byte (H.264 §7.3.1: 5 bits; H.265 §7.3.1.2: 6 bits). */
    static int nalType(boolean hevc, byte header) {
        return hevc ? (header >>> 1) & 0x3F : header & 0x1F;
    }

    /** A coded slice: H.264 nal_unit_type 1..5 (Table 7-1), H.265 0..31 (Table 7-1). */
    static boolean isVcl(boolean hevc, int type) {
        return hevc ? type < 32 : type >= 1 && type <= 5;
    }

    /**
     * A picture where decoding can start: H.264 IDR (nal_unit_type 5, §7.4.1.2.4), H.265 IRAP (16..23,
     * §7.4.2.2).
     */
    static boolean isRandomAccessPicture(boolean hevc, int type) {
        return hevc ? type >= 16 && type <= 23 : type == 5;
    }

    /** H.264 SPS (7); H.265 VPS (32) or SPS (33): encoders repeat them just before each keyframe. */
    static boolean isSequenceParameters(boolean hevc, int type) {
        return hevc ? type == 32 || type == 33 : type == 7;
    }

    /**
     * Whether the PES packet that starts in {@code b[from, to)} — the payload of one TS packet with
     * payload_unit_start_indicator set — begins a keyframe, judged from that packet alone: H.264/HEVC when
     * a parameter set or a random-access picture comes before any other slice; MPEG-1/2 video when a
     * sequence header or an I picture comes first. False when the packet does not tell (the PES header or
     * the first NAL units run past it) and for other codecs. Allocates nothing.
     */
    static boolean startsKeyframe(Codec codec, byte[] b, int from, int to) {
        // PES header (§2.4.3.6): packet_start_code_prefix(24) stream_id(8) PES_packet_length(16) '10'(2)
        // flags(14) PES_header_data_length(8), then that many header bytes.
        if (to - from < 9 || b[from] != 0 || b[from + 1] != 0 || b[from + 2] != 1) return false;
        if ((b[from + 6] & 0xC0) != 0x80) return false;
        int es = from + 9 + (b[from + 8] & 0xFF);
        return switch (codec) {
            case H264, HEVC -> nalKeyframe(codec == Codec.HEVC, b, es, to);
            case MPEG1VIDEO, MPEG2VIDEO -> mpeg2Keyframe(b, es, to);
            default -> false;
        };
    }

    /** NAL units by start code 0x000001 (H.264/H.265 Annex B) from {@code b[i]}, up to the first slice. */
    private static boolean nalKeyframe(boolean hevc, byte[] b, int i, int to) {
        while (i + 3 < to) { // a start code and the NAL header's first byte
            if (b[i + 2] != 1 || b[i] != 0 || b[i + 1] != 0) {
                i++;
                continue;
            }
            int type = nalType(hevc, b[i + 3]);
            if (isSequenceParameters(hevc, type) || isRandomAccessPicture(hevc, type)) return true;
            if (isVcl(hevc, type)) return false;
            i += 3;
        }
        return false;
    }

    /** MPEG-1/2 start codes (ISO/IEC 13818-2 §6.2) from {@code b[i]}, up to the first picture header. */
    private static boolean mpeg2Keyframe(byte[] b, int i, int to) {
        while (i + 4 <= to) {
            if (b[i + 2] != 1 || b[i] != 0 || b[i + 1] != 0) {
                i++;
                continue;
            }
            int code = b[i + 3] & 0xFF;
            if (code == Mpeg2Video.SEQUENCE_HEADER) return true;
            if (code == Mpeg2Video.PICTURE_START) {
                return i + 6 <= to && Mpeg2Video.pictureCodingType(b, i + 4) == Mpeg2Video.I_PICTURE;
            }
            i += 4;
        }
        return false;
    }

    private void nalEnded(Scratch s, int from, int to) {
        while (to > from && buf[to - 1] == 0) to--; // trailing_zero_8bits / the next 4-byte start code
        if (codec == Codec.H264) {
            if (nalType(false, buf[from]) == 7 && spsChanged(from, to)) {
                s.bits.load(buf, from, to);
                if (H264Sps.parse(s.bits, s.video)) publishVideo(s.video);
            }
            return;
        }
        int type = nalType(true, buf[from]);
        if (type == 32 && vpsChanged(from, to)) { // VPS_NUT
            s.bits.load(buf, from, to);
            if (s.hevc.parseVps(s.bits, s.video)) {
                vpsRateNum = s.video.frameRateNum;
                vpsRateDen = s.video.frameRateDen;
            } else {
                vpsRateNum = 0;
                vpsRateDen = 0;
            }
        } else if (type == 33 && spsChanged(from, to)) { // SPS_NUT
            s.bits.load(buf, from, to);
            if (s.hevc.parseSps(s.bits, s.video)) {
                if (s.video.frameRateDen == 0) {
                    s.video.frameRateNum = vpsRateNum;
                    s.video.frameRateDen = vpsRateDen;
                }
                publishVideo(s.video);
            }
        }
    }

    private boolean spsChanged(int from, int to) {
        return remember(lastSps, lastSpsLength, from, to, true);
    }

    private boolean vpsChanged(int from, int to) {
        return remember(lastVps, lastVpsLength, from, to, false);
    }

    /** Whether {@code buf[from, to)} differs from the copy; keeps the new bytes when it does. */
    private boolean remember(byte[] copy, int copyLength, int from, int to, boolean sps) {
        int n = to - from;
        if (n == copyLength && Arrays.equals(buf, from, to, copy, 0, n)) return false;
        int kept = -1;
        if (n <= copy.length) {
            System.arraycopy(buf, from, copy, 0, n);
            kept = n;
        }
        if (sps) lastSpsLength = kept;
        else lastVpsLength = kept;
        return true;
    }

    /**
     * MPEG-1/2 video (ISO/IEC 13818-2 §6.2): start codes 0x000001B3 (sequence header), 0x000001B5 (extension)
     * and 0x00000100 (picture header: an I picture is a keyframe). Stops at the first picture header.
     */
    private void scanMpeg2(Scratch s) {
        int i = scan;
        while (i + 4 <= length) {
            if (buf[i + 2] != 1 || buf[i] != 0 || buf[i + 1] != 0) {
                i++;
                continue;
            }
            int code = buf[i + 3] & 0xFF;
            int body = i + 4;
            if (code == Mpeg2Video.SEQUENCE_HEADER) {
                if (body + 4 > length) break;
                sequenceSeen = Mpeg2Video.sequenceHeader(buf, body, s.video);
            } else if (code == Mpeg2Video.EXTENSION_START) {
                if (body + 6 > length) break;
                if (sequenceSeen) Mpeg2Video.sequenceExtension(buf, body, s.video);
            } else if (code == Mpeg2Video.PICTURE_START) {
                if (body + 2 > length) break;
                if (sequenceSeen) publishVideo(s.video);
                if (Mpeg2Video.pictureCodingType(buf, body) == Mpeg2Video.I_PICTURE) keyframe();
                collecting = false;
                return;
            }
            i = body;
        }
        scan = i;
    }

    /** First audio frame header in the buffered PES start: ADTS, MPEG audio, or AC-3/E-AC-3 sync. */
    private void scanAudio(Scratch s, boolean pesEnded) {
        if (length - esStart < 8 && !pesEnded && length < buf.length) return; // wait for a whole header
        AudioParams a = s.audio;
        for (int p = esStart; p < length; p++) {
            boolean found = switch (codec) {
                case AAC -> AudioHeaders.adts(buf, p, length, a);
                case MP2 -> AudioHeaders.mpegAudio(buf, p, length, a);
                default -> AudioHeaders.ac3(buf, p, length, a);
            };
            if (found) {
                AudioFormat current = out.audio;
                Integer channels = a.channels > 0 ? a.channels : null;
                if (current == null
                        || current.sampleRate() != a.sampleRate
                        || !Objects.equals(current.channels(), channels)) {
                    out.audio = new AudioFormat(a.sampleRate, channels);
                }
                break;
            }
        }
        collecting = false;
    }

    private void publishVideo(VideoParams v) {
        VideoFormat current = out.video;
        double fps = v.frameRate(); // NaN when not declared; compared unboxed so that nothing is allocated
        Double declared = current == null ? null : current.declaredFrameRate();
        boolean sameRate = declared == null ? Double.isNaN(fps) : declared == fps;
        if (current == null || current.width() != v.width || current.height() != v.height || !sameRate) {
            out.video = new VideoFormat(v.width, v.height, Double.isNaN(fps) ? null : fps);
        }
    }

    /** A keyframe starts this PES: the interval since the previous one, in frames and 90 kHz ticks. */
    private void keyframe() {
        long t = pts >= 0 ? pts : dts;
        if (t >= 0 && keyTime >= 0) {
            long ticks = (t - keyTime) & TS_MASK;
            long frames = accessUnits - keyUnits;
            if (ticks > 0 && ticks <= MAX_INTERVAL && frames > 0 && frames < (1 << 23)) {
                out.set(PidState.KEYFRAME_INTERVAL, frames << 40 | ticks);
            }
        }
        keyTime = t;
        keyUnits = accessUnits;
    }
}
