package io.sluice.ts;

import static io.sluice.ts.TsBytes.concat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A hand-made encoder for splicer tests: one program (PAT, PMT) with a video and an audio stream on PIDs of
 * its own, continuity counters kept per PID. Every packet is built field by field with {@link TsBytes}.
 *
 * <ul>
 *   <li>A video frame is one PES packet (PTS and DTS) in three TS packets; the first has an adaptation field
 *       with a PCR (when video carries the PCR) and, on keyframes, random_access_indicator (unless turned off).
 *       H.264 keyframes are AUD + SPS + PPS + IDR slice, other frames AUD + non-IDR slice; HEVC likewise with
 *       AUD, VPS, SPS, PPS, IDR_W_RADL / TRAIL_R.
 *   <li>An audio frame is one PES packet (PTS) of exactly 184 bytes: one TS packet without adaptation field.
 * </ul>
 */
final class SpliceSource {
    int transportStreamId = 1;
    int program = 1;
    int pmtPid = 0x1000;
    int videoPid = 0x100;
    int audioPid = 0x101;
    int pcrPid = 0x100;
    int videoType = 0x1B; // H.264
    int audioType = 0x0F; // AAC (ADTS)
    int pmtVersion;
    /** random_access_indicator on keyframes. */
    boolean randomAccessFlag = true;
    /** Further ES loop entries {stream_type, PID} after video and audio. */
    final List<int[]> extraStreams = new ArrayList<>();

    private final int[] cc = new int[TsPacket.PIDS];
    private long pts = 900_000; // 10 s, 90 kHz
    private long pcr = 800_000;

    SpliceSource service(int transportStreamId, int program) {
        this.transportStreamId = transportStreamId;
        this.program = program;
        return this;
    }

    /** PMT, video and audio PIDs; the PCR goes with video. */
    SpliceSource pids(int pmtPid, int videoPid, int audioPid) {
        this.pmtPid = pmtPid;
        this.videoPid = videoPid;
        this.audioPid = audioPid;
        this.pcrPid = videoPid;
        return this;
    }

    /** Every PID's continuity_counter starts at {@code start}. */
    SpliceSource counters(int start) {
        Arrays.fill(cc, start & 0xF);
        return this;
    }

    SpliceSource hevc() {
        videoType = 0x24;
        return this;
    }

    int nextCc(int pid) {
        int c = cc[pid];
        cc[pid] = (c + 1) & 0xF;
        return c;
    }

    /** Skips {@code n} continuity counters on {@code pid}, as if packets were lost. */
    void lose(int pid, int n) {
        cc[pid] = (cc[pid] + n) & 0xF;
    }

    /** The last counter sent on {@code pid}. */
    int lastCc(int pid) {
        return (cc[pid] + 15) & 0xF;
    }

    byte[] pat() {
        byte[] section = TsBytes.section(Psi.TABLE_PAT)
                .tableIdExtension(transportStreamId) // transport_stream_id
                .u16(program) // program_number
                .bits(0b111, 3) // reserved
                .bits(pmtPid, 13) // program_map_PID
                .build();
        return psiPackets(TsPacket.PAT_PID, section);
    }

    byte[] pmt() {
        ByteArrayOutputStream loop = new ByteArrayOutputStream();
        loop.writeBytes(TsBytes.es(videoType, videoPid, new byte[0]));
        loop.writeBytes(TsBytes.es(audioType, audioPid, TsBytes.descriptor(0x0A, "eng\0".getBytes()))); // ISO 639
        for (int[] e : extraStreams) loop.writeBytes(TsBytes.es(e[0], e[1], new byte[0]));
        byte[] section = TsBytes.pmt(program, pcrPid)
                .version(pmtVersion)
                .bytes(loop.toByteArray())
                .build();
        return psiPackets(pmtPid, section);
    }

    byte[] psi() {
        return concat(pat(), pmt());
    }

    private byte[] psiPackets(int pid, byte[] section) {
        byte[] packets = TsBytes.psiPackets(pid, section, cc[pid]);
        for (int i = 0; i < packets.length / TsPacket.SIZE; i++) nextCc(pid);
        return packets;
    }

    /** One video frame (three TS packets). */
    byte[] frame(boolean key) {
        return frame(key ? keyNals() : deltaNals(), key);
    }

    /** One video frame whose elementary stream starts with {@code nals}. */
    byte[] frame(byte[] nals, boolean key) {
        pts += 3600; // 25 frames/s
        pcr += 3600;
        byte[] pes = TsBytes.pes(0xE0, pts, pts - 3600, concat(nals, filler(544 - 19 - nals.length)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TsBytes.Packet first = TsBytes.packet(videoPid).unitStart();
        int firstPayload = 184;
        if (pcrPid == videoPid) {
            first.pcr(pcr);
            firstPayload = 176; // adaptation_field_length(1) flags(1) PCR(6)
        }
        if (key && randomAccessFlag) {
            first.randomAccess();
            if (firstPayload == 184) firstPayload = 182;
        }
        out.writeBytes(first.cc(nextCc(videoPid))
                .payload(Arrays.copyOfRange(pes, 0, firstPayload))
                .build());
        for (int p = firstPayload; p < pes.length; p += 184) {
            byte[] chunk = Arrays.copyOfRange(pes, p, Math.min(pes.length, p + 184));
            out.writeBytes(
                    TsBytes.packet(videoPid).cc(nextCc(videoPid)).payload(chunk).build());
        }
        return out.toByteArray();
    }

    /**
     * One audio frame: a PES of exactly one TS packet, without adaptation field — unless audio carries the
     * PCR.
     */
    byte[] audio() {
        boolean withPcr = pcrPid == audioPid;
        byte[] pes = TsBytes.pes(0xC0, pts, -1, filler((withPcr ? 176 : 184) - 14)); // PES header with PTS: 14
        TsBytes.Packet p = TsBytes.packet(audioPid).unitStart().cc(nextCc(audioPid));
        if (withPcr) p.pcr(pcr += 900);
        return p.payload(pes).build();
    }

    /** An adaptation-only packet on {@code pid} with a PCR: its counter repeats the last one (§2.4.3.3). */
    byte[] pcrOnly(int pid) {
        pcr += 100;
        return TsBytes.packet(pid).adaptationOnly().pcr(pcr).cc(lastCc(pid)).build();
    }

    /** A packet of the extra stream {@code pid} starting a PES (one TS packet). */
    byte[] extra(int pid) {
        byte[] pes = TsBytes.pes(0xBD, pts, -1, filler(184 - 14)); // private_stream_1
        return TsBytes.packet(pid).unitStart().cc(nextCc(pid)).payload(pes).build();
    }

    /**
     * {@code frames} frames, each followed by an audio frame, a keyframe first when {@code key}; PAT and PMT
     * first.
     */
    byte[] gop(int frames, boolean key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(psi());
        for (int i = 0; i < frames; i++) {
            out.writeBytes(frame(key && i == 0));
            out.writeBytes(audio());
        }
        return out.toByteArray();
    }

    byte[] keyNals() {
        return videoType == 0x24
                ? concat(HEVC_AUD, HEVC_VPS, HEVC_SPS, HEVC_PPS, HEVC_IDR)
                : concat(AUD, SPS, PPS, IDR);
    }

    byte[] deltaNals() {
        return videoType == 0x24 ? concat(HEVC_AUD, HEVC_TRAIL) : concat(AUD, SLICE);
    }

    // H.264 NAL units (start code, nal_unit_type in the low 5 bits of the first header byte).
    static final byte[] AUD = TsBytes.hex("0000000109f0"); // access_unit_delimiter (9), primary_pic_type 7
    static final byte[] SPS = TsBytes.nal(TsAnalyzerVideoTest.spsWithoutVui(40, 30)); // SPS (7), 640x480
    static final byte[] PPS = TsBytes.hex("0000000168ce3880"); // PPS (8)
    static final byte[] IDR = TsBytes.hex("0000000165888400"); // IDR slice (5)
    static final byte[] SLICE = TsBytes.hex("00000001419a2000"); // non-IDR slice (1)
    static final byte[] SEI = TsBytes.hex("0000000106050155"); // SEI (6)
    // HEVC NAL units: forbidden_zero_bit(1) nal_unit_type(6) nuh_layer_id(6) nuh_temporal_id_plus1(3).
    static final byte[] HEVC_AUD = TsBytes.hex("00000001460150"); // AUD_NUT (35)
    static final byte[] HEVC_VPS = TsBytes.hex("000000014001aa"); // VPS_NUT (32)
    static final byte[] HEVC_SPS = TsBytes.hex("000000014201aa"); // SPS_NUT (33)
    static final byte[] HEVC_PPS = TsBytes.hex("000000014401aa"); // PPS_NUT (34)
    static final byte[] HEVC_IDR = TsBytes.hex("000000012601aa"); // IDR_W_RADL (19)
    static final byte[] HEVC_CRA = TsBytes.hex("000000012a01aa"); // CRA_NUT (21)
    static final byte[] HEVC_TRAIL = TsBytes.hex("000000010201aa"); // TRAIL_R (1)

    private static byte[] filler(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0x55); // no start code can appear in it
        return b;
    }
}
