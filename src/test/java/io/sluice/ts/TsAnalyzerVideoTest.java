package io.sluice.ts;

import static io.sluice.ts.TsBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Video analysis on built H.264 streams: what real encoders seldom do. */
class TsAnalyzerVideoTest {
    static final int PMT_PID = 0x1000;
    static final int VIDEO = 0x100;

    /** A baseline SPS without VUI (so no declared frame rate): {@code mbsWide} × 16 by {@code mapUnitsHigh} × 16. */
    static byte[] spsWithoutVui(int mbsWide, int mapUnitsHigh) {
        return TsBytes.bits()
                .u8(0x67) // nal_ref_idc 3, nal_unit_type 7 (SPS)
                .u8(66) // profile_idc: Baseline
                .u8(0xC0) // constraint_set0/1 flags
                .u8(30) // level_idc 3.0
                .ue(0) // seq_parameter_set_id
                .ue(0) // log2_max_frame_num_minus4
                .ue(2) // pic_order_cnt_type 2
                .ue(1) // max_num_ref_frames
                .bits(0, 1) // gaps_in_frame_num_value_allowed_flag
                .ue(mbsWide - 1) // pic_width_in_mbs_minus1
                .ue(mapUnitsHigh - 1) // pic_height_in_map_units_minus1
                .bits(1, 1) // frame_mbs_only_flag
                .bits(1, 1) // direct_8x8_inference_flag
                .bits(0, 1) // frame_cropping_flag
                .bits(0, 1) // vui_parameters_present_flag
                .trailing()
                .build();
    }

    /**
     * 100 access units at 25 fps (PTS step 3600 × 1/90 kHz), an IDR every 10 with AUD, a 335-byte SEI, SPS and
     * PPS before it — the SEI's length puts the SPS across the boundary of the PES's second and third TS
     * packets. From frame 50 on the SPS says 1280x720.
     */
    static byte[] stream() {
        byte[] aud = TsBytes.hex("0000000109f0"); // access_unit_delimiter, primary_pic_type 7
        byte[] sei = new byte[4 + 1 + 335];
        Arrays.fill(sei, (byte) 0x55);
        System.arraycopy(TsBytes.hex("0000000106"), 0, sei, 0, 5); // SEI NAL (type 6), payload of 0x55
        byte[] pps = TsBytes.hex("0000000168ce3880"); // PPS (type 8)
        byte[] idr = concat(TsBytes.hex("0000000165888400"), filler(500)); // IDR slice (type 5)
        byte[] slice = concat(TsBytes.hex("00000001419a2000"), filler(300)); // non-IDR slice (type 1)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(TsBytes.psiPackets(0, TsBytes.pat(1, PMT_PID), 0));
        out.writeBytes(TsBytes.psiPackets(
                PMT_PID,
                TsBytes.pmt(1, VIDEO)
                        .bytes(TsBytes.es(0x1B, VIDEO, new byte[0]))
                        .build(),
                0));
        int cc = 0;
        for (int i = 0; i < 100; i++) {
            byte[] sps = TsBytes.nal(i < 50 ? spsWithoutVui(40, 30) : spsWithoutVui(80, 45));
            byte[] es = i % 10 == 0 ? concat(aud, sei, sps, pps, idr) : concat(aud, slice);
            byte[] pes = TsBytes.pes(0xE0, 90_000 + i * 3600L, -1, es);
            byte[] packets = TsBytes.pesPackets(VIDEO, pes, cc);
            cc += packets.length / 188;
            out.writeBytes(packets);
        }
        return out.toByteArray();
    }

    private static byte[] filler(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0xA5);
        return b;
    }

    @Test
    void frameRateIsMeasuredFromPtsWhenTheSpsDeclaresNone() {
        byte[] ts = stream();
        // In the PES: header 14 bytes, AUD 6, SEI 340 → the 13-byte SPS at 360..373 crosses 2 × 184 = 368.
        assertThat(TsBytes.nal(spsWithoutVui(40, 30))).hasSize(13);
        MediaSnapshot s = Feed.all(ts).snapshot(0);
        StreamInfo v = s.stream(VIDEO);
        assertThat(v.frameRate()).isEqualTo(25.0);
        assertThat(v.keyframeIntervalFrames()).isEqualTo(10);
        assertThat(v.keyframeIntervalSeconds()).isEqualTo(0.4);
        assertThat(s.continuityErrors()).isZero();
    }

    @Test
    void aChangedSpsChangesTheReportedSize() {
        byte[] ts = stream();
        TsAnalyzer a = new TsAnalyzer();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(ts);
        int half = unitStart(ts, 50) * 188; // the PES of frame 50, the first with the new SPS
        a.accept(b, 0, half, 0);
        assertThat(a.snapshot(0).stream(VIDEO).width()).isEqualTo(640);
        assertThat(a.snapshot(0).stream(VIDEO).height()).isEqualTo(480);
        a.accept(b, half, ts.length - half, 0);
        assertThat(a.snapshot(0).stream(VIDEO).width()).isEqualTo(1280);
        assertThat(a.snapshot(0).stream(VIDEO).height()).isEqualTo(720);
    }

    /** Index of the TS packet that starts video PES number {@code n}. */
    private static int unitStart(byte[] ts, int n) {
        int seen = 0;
        for (int i = 0; i < ts.length / 188; i++) {
            if (TsPacket.pid(ts, i * 188) == VIDEO && TsPacket.unitStart(ts, i * 188) && seen++ == n) return i;
        }
        throw new AssertionError("no PES " + n);
    }
}
