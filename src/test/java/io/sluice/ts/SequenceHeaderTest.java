package io.sluice.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Picture size and frame rate from H.264 and HEVC parameter sets: real ones written by x264 and x265 (NAL
 * units as they appear in the stream, emulation prevention bytes included), and built ones that reach the
 * syntax encoders seldom write (scaling lists, POC type 1, short-term RPS prediction, long-term pictures).
 */
class SequenceHeaderTest {

    static Stream<Arguments> h264() {
        return Stream.of(
                // x264 -preset ultrafast 1280x720 30 fps: constrained baseline (66), no cropping
                Arguments.of("baseline 720p30", "6742c01fda014016ec0440000003004000000f03c60ca8", 1280, 720, 30.0),
                Arguments.of("baseline CIF 15 fps", "6742c00cda05825b0110000003001000000301e0f142aa", 352, 288, 15.0),
                // High (100) 1920x1080 60 fps: 1088 coded, frame_crop_bottom_offset 4 × CropUnitY 2
                Arguments.of(
                        "high 1080p60 cropped",
                        "6764002aacd940780227e5c044000003000400000301e03c60c658",
                        1920,
                        1080,
                        60.0),
                // High 4:4:4 Predictive (244), chroma_format_idc 3: CropUnitY 1, crop bottom 8; 60000/(2×1001)
                Arguments.of(
                        "high 4:4:4 1080p29.97",
                        "67f40028919680780227e2701100000303e90000ea600f1832a0",
                        1920,
                        1080,
                        30000 / 1001.0),
                // High 4:2:2 (122) 1366x768: 86 MBs wide, frame_crop_right_offset 5 × CropUnitX 2
                Arguments.of(
                        "high 4:2:2 1366x768 50 fps",
                        "677a0020bcb402b030f37808800000030080000032078c1950",
                        1366,
                        768,
                        50.0),
                // Main (77) interlaced 720x576: frame_mbs_only_flag 0, 18 map units × 2 fields × 16; 50/(2×1) = 25
                Arguments.of("main 576i25", "674d401ef405a126c044000003000400000300c87c50aa80", 720, 576, 25.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("h264")
    void h264SpsGivesSizeAndRate(String name, String hex, int width, int height, double fps) {
        VideoParams v = new VideoParams();
        BitReader r = load(TsBytes.hex(hex));
        assertThat(H264Sps.parse(r, v)).isTrue();
        assertThat(v.width).isEqualTo(width);
        assertThat(v.height).isEqualTo(height);
        assertThat(v.frameRate()).isCloseTo(fps, org.assertj.core.data.Offset.offset(1e-9));
    }

    static Stream<Arguments> hevc() {
        return Stream.of(
                // x265 640x360 25 fps: no conformance window, VUI timing 1/25
                Arguments.of(
                        "x265 640x360 25 fps",
                        "42010101600000030090000003000003003fa00502016965959a4932bc05a02000000300200000030321",
                        640,
                        360,
                        25.0),
                // x265 1366x768: 1368 coded, conf_win_right_offset 1 × SubWidthC 2; 60000/1001
                Arguments.of(
                        "x265 1366x768 59.94 fps",
                        "420101016000000300900000030000030078a002ac80301d796566924caf01680800001f480007530040",
                        1366,
                        768,
                        60000 / 1001.0),
                // x265 Main 10 1920x1080 24 fps, scaling_list_enabled_flag 1 (default lists)
                Arguments.of(
                        "x265 main10 1080p24 with scaling lists enabled",
                        "420101022000000300900000030000030078a003c08010e4d96566924e5780b4040000030004000003006020",
                        1920,
                        1080,
                        24.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hevc")
    void hevcSpsGivesSizeAndRate(String name, String hex, int width, int height, double fps) {
        VideoParams v = new VideoParams();
        assertThat(new HevcSps().parseSps(load(TsBytes.hex(hex)), v)).isTrue();
        assertThat(v.width).isEqualTo(width);
        assertThat(v.height).isEqualTo(height);
        assertThat(v.frameRate()).isCloseTo(fps, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void h264HighProfileWithScalingListsPocType1AndVuiTiming() {
        TsBytes.Raw sps = TsBytes.bits()
                .u8(0x67) // forbidden_zero_bit 0, nal_ref_idc 3, nal_unit_type 7
                .u8(100) // profile_idc: High
                .u8(0) // constraint_set flags
                .u8(40) // level_idc 4.0
                .ue(0) // seq_parameter_set_id
                .ue(1) // chroma_format_idc: 4:2:0
                .ue(0) // bit_depth_luma_minus8
                .ue(0) // bit_depth_chroma_minus8
                .bits(0, 1) // qpprime_y_zero_transform_bypass_flag
                .bits(1, 1); // seq_scaling_matrix_present_flag
        for (int i = 0; i < 8; i++) {
            boolean present = i == 0 || i == 6;
            sps.flag(present); // seq_scaling_list_present_flag[i]
            if (present) {
                int size = i < 6 ? 16 : 64;
                for (int j = 0; j < size; j++) sps.se(j == 0 ? 8 : (j % 2 == 0 ? 3 : -3)); // delta_scale
            }
        }
        sps.ue(0) // log2_max_frame_num_minus4
                .ue(1) // pic_order_cnt_type 1
                .bits(0, 1) // delta_pic_order_always_zero_flag
                .se(-2) // offset_for_non_ref_pic
                .se(1) // offset_for_top_to_bottom_field
                .ue(3) // num_ref_frames_in_pic_order_cnt_cycle
                .se(2)
                .se(-2)
                .se(0) // offset_for_ref_frame[0..2]
                .ue(4) // max_num_ref_frames
                .bits(0, 1) // gaps_in_frame_num_value_allowed_flag
                .ue(119) // pic_width_in_mbs_minus1: 120 MBs = 1920
                .ue(67) // pic_height_in_map_units_minus1: 68 = 1088
                .bits(1, 1) // frame_mbs_only_flag
                .bits(1, 1) // direct_8x8_inference_flag
                .bits(1, 1) // frame_cropping_flag
                .ue(0)
                .ue(0)
                .ue(0)
                .ue(4) // frame_crop_left/right/top/bottom_offset: 4 × 2 = 8 lines
                .bits(1, 1) // vui_parameters_present_flag
                .bits(1, 1) // aspect_ratio_info_present_flag
                .u8(255) // aspect_ratio_idc: Extended_SAR
                .u16(4) // sar_width
                .u16(3) // sar_height
                .bits(0, 1) // overscan_info_present_flag
                .bits(1, 1) // video_signal_type_present_flag
                .bits(5, 3) // video_format
                .bits(0, 1) // video_full_range_flag
                .bits(1, 1) // colour_description_present_flag
                .u8(1)
                .u8(1)
                .u8(1) // colour_primaries, transfer_characteristics, matrix_coefficients
                .bits(1, 1) // chroma_loc_info_present_flag
                .ue(0)
                .ue(0) // chroma_sample_loc_type_top/bottom_field
                .bits(1, 1) // timing_info_present_flag
                .u32(1) // num_units_in_tick
                .u32(50) // time_scale: 50 / (2 × 1) = 25 fps
                .bits(1, 1) // fixed_frame_rate_flag
                .trailing();
        byte[] nal = withoutStartCode(TsBytes.nal(sps.build()));
        VideoParams v = new VideoParams();
        assertThat(H264Sps.parse(load(nal), v)).isTrue();
        assertThat(v.width).isEqualTo(1920);
        assertThat(v.height).isEqualTo(1080);
        assertThat(v.frameRate()).isEqualTo(25.0);
    }

    @Test
    void emulationPreventionBytesAreRemoved() {
        // 00 00 03 01 in the stream is 00 00 01 in the RBSP.
        BitReader r = load(new byte[] {0x11, 0, 0, 3, 1, 0x22});
        assertThat(r.u(8)).isEqualTo(0x11);
        assertThat(r.u(24)).isEqualTo(0x000001);
        assertThat(r.u(8)).isEqualTo(0x22);
        assertThat(r.overrun()).isFalse();
        r.u(1);
        assertThat(r.overrun()).isTrue();
    }

    @Test
    void hevcSpsWithScalingListDataShortTermSetPredictionAndLongTermPictures() {
        TsBytes.Raw sps = TsBytes.bits()
                .u16(0x4201) // nal_unit_header: type 33 (SPS), layer 0, tid 1
                .bits(0, 4) // sps_video_parameter_set_id
                .bits(1, 3) // sps_max_sub_layers_minus1: 1 (two sub-layers)
                .bits(1, 1) // sps_temporal_id_nesting_flag
                // profile_tier_level(1, 1):
                .bits(0, 2)
                .bits(0, 1)
                .bits(1, 5) // general_profile_space, tier, profile_idc Main
                .u32(0x60000000L) // general_profile_compatibility_flags
                .bits(0, 48) // progressive/interlaced/non_packed/frame_only + 44 reserved bits
                .u8(120) // general_level_idc
                .bits(1, 1)
                .bits(1, 1) // sub_layer_profile_present_flag[0], sub_layer_level_present_flag[0]
                .bits(0, 14) // reserved_zero_2bits for i = 1..7
                .bits(0, 88) // sub-layer 0 profile
                .u8(90) // sub_layer_level_idc[0]
                .ue(0) // sps_seq_parameter_set_id
                .ue(1) // chroma_format_idc 4:2:0
                .ue(1280) // pic_width_in_luma_samples
                .ue(728) // pic_height_in_luma_samples
                .bits(1, 1) // conformance_window_flag
                .ue(0)
                .ue(0)
                .ue(0)
                .ue(4) // conf_win offsets: bottom 4 × SubHeightC 2 = 8 → 720
                .ue(0)
                .ue(0) // bit_depth_luma/chroma_minus8
                .ue(4) // log2_max_pic_order_cnt_lsb_minus4: 8 bits
                .bits(1, 1); // sps_sub_layer_ordering_info_present_flag
        for (int i = 0; i <= 1; i++) sps.ue(4).ue(2).ue(0); // max_dec_pic_buffering, num_reorder, latency
        sps.ue(0)
                .ue(3)
                .ue(0)
                .ue(3)
                .ue(1)
                .ue(1) // coding/transform block sizes, hierarchy depths
                .bits(1, 1) // scaling_list_enabled_flag
                .bits(1, 1); // sps_scaling_list_data_present_flag
        for (int sizeId = 0; sizeId < 4; sizeId++) {
            for (int matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1) {
                boolean explicit = matrixId == 0;
                sps.flag(explicit); // scaling_list_pred_mode_flag
                if (!explicit) {
                    sps.ue(1); // scaling_list_pred_matrix_id_delta
                } else {
                    int coefNum = Math.min(64, 1 << (4 + (sizeId << 1)));
                    if (sizeId > 1) sps.se(8); // scaling_list_dc_coef_minus8
                    for (int k = 0; k < coefNum; k++) sps.se(k % 3 - 1); // scaling_list_delta_coef
                }
            }
        }
        sps.bits(1, 1) // amp_enabled_flag
                .bits(1, 1) // sample_adaptive_offset_enabled_flag
                .bits(1, 1) // pcm_enabled_flag
                .bits(7, 4)
                .bits(7, 4) // pcm_sample_bit_depth_luma/chroma_minus1
                .ue(0)
                .ue(1) // log2_min_pcm / diff
                .bits(0, 1) // pcm_loop_filter_disabled_flag
                .ue(3); // num_short_term_ref_pic_sets
        // set 0: explicit, 2 negative + 1 positive
        sps.ue(2)
                .ue(1) // num_negative_pics, num_positive_pics
                .ue(0)
                .bits(1, 1) // delta_poc_s0_minus1, used_by_curr_pic_s0_flag
                .ue(1)
                .bits(0, 1)
                .ue(0)
                .bits(1, 1); // delta_poc_s1_minus1, used_by_curr_pic_s1_flag
        // set 1: predicted from set 0 (NumDeltaPocs 3 → 4 flags pairs)
        sps.bits(1, 1) // inter_ref_pic_set_prediction_flag
                .bits(0, 1) // delta_rps_sign
                .ue(0); // abs_delta_rps_minus1
        sps.bits(1, 1) // j=0: used_by_curr_pic_flag 1
                .bits(0, 1)
                .bits(1, 1) // j=1: used_by_curr_pic_flag 0, use_delta_flag 1
                .bits(0, 1)
                .bits(1, 1) // j=2: used_by_curr_pic_flag 0, use_delta_flag 1
                .bits(0, 1)
                .bits(0, 1); // j=3: used_by_curr_pic_flag 0, use_delta_flag 0 → NumDeltaPocs[1] = 3
        // set 2: predicted from set 1 (NumDeltaPocs 3 → 4 entries)
        sps.bits(1, 1).bits(1, 1).ue(1); // inter_ref_pic_set_prediction_flag, delta_rps_sign, abs_delta_rps_minus1
        for (int j = 0; j <= 3; j++) sps.bits(1, 1); // used_by_curr_pic_flag
        sps.bits(1, 1) // long_term_ref_pics_present_flag
                .ue(2) // num_long_term_ref_pics_sps
                .bits(5, 8)
                .bits(1, 1) // lt_ref_pic_poc_lsb_sps (8 bits), used_by_curr_pic_lt_sps_flag
                .bits(9, 8)
                .bits(0, 1)
                .bits(1, 1) // sps_temporal_mvp_enabled_flag
                .bits(1, 1) // strong_intra_smoothing_enabled_flag
                .bits(1, 1) // vui_parameters_present_flag
                .bits(0, 1) // aspect_ratio_info_present_flag
                .bits(0, 1) // overscan_info_present_flag
                .bits(0, 1) // video_signal_type_present_flag
                .bits(0, 1) // chroma_loc_info_present_flag
                .bits(0, 3) // neutral_chroma, field_seq, frame_field_info_present
                .bits(1, 1) // default_display_window_flag
                .ue(0)
                .ue(0)
                .ue(0)
                .ue(0)
                .bits(1, 1) // vui_timing_info_present_flag
                .u32(1001) // vui_num_units_in_tick
                .u32(50000) // vui_time_scale: 49.95 fps
                .bits(0, 1) // vui_poc_proportional_to_timing_flag
                .bits(0, 1) // vui_hrd_parameters_present_flag
                .trailing();
        VideoParams v = new VideoParams();
        assertThat(new HevcSps().parseSps(load(withoutStartCode(TsBytes.nal(sps.build()))), v))
                .isTrue();
        assertThat(v.width).isEqualTo(1280);
        assertThat(v.height).isEqualTo(720);
        assertThat(v.frameRate()).isEqualTo(50000 / 1001.0);
    }

    @Test
    void hevcVpsTimingIsRead() {
        // x265 writes no VPS timing; this one (built) says 30 fps.
        byte[] vps = TsBytes.bits()
                .u16(0x4001) // nal_unit_header: type 32 (VPS)
                .bits(0, 4) // vps_video_parameter_set_id
                .bits(1, 1)
                .bits(1, 1) // vps_base_layer_internal_flag, vps_base_layer_available_flag
                .bits(0, 6) // vps_max_layers_minus1
                .bits(0, 3) // vps_max_sub_layers_minus1
                .bits(1, 1) // vps_temporal_id_nesting_flag
                .u16(0xFFFF) // vps_reserved_0xffff_16bits
                .bits(0, 96) // profile_tier_level(1, 0): general profile + level
                .bits(1, 1) // vps_sub_layer_ordering_info_present_flag
                .ue(3)
                .ue(0)
                .ue(0) // max_dec_pic_buffering, num_reorder, latency
                .bits(0, 6) // vps_max_layer_id
                .ue(0) // vps_num_layer_sets_minus1
                .bits(1, 1) // vps_timing_info_present_flag
                .u32(1)
                .u32(30) // vps_num_units_in_tick, vps_time_scale
                .bits(0, 1) // vps_poc_proportional_to_timing_flag
                .ue(0) // vps_num_hrd_parameters
                .bits(0, 1) // vps_extension_flag
                .trailing()
                .build();
        VideoParams v = new VideoParams();
        assertThat(new HevcSps().parseVps(load(withoutStartCode(TsBytes.nal(vps))), v))
                .isTrue();
        assertThat(v.frameRate()).isEqualTo(30.0);
    }

    @Test
    void truncatedParameterSetsNeverGiveAWrongAnswer() {
        // Cut anywhere: either rejected, or the right size (a VUI cut short only loses the frame rate).
        byte[] h264 = TsBytes.hex("6764002aacd940780227e5c044000003000400000301e03c60c658");
        for (int n = 0; n < h264.length; n++) {
            VideoParams v = new VideoParams();
            if (H264Sps.parse(load(Arrays.copyOf(h264, n)), v)) {
                assertThat(new int[] {v.width, v.height}).as("%d bytes", n).containsExactly(1920, 1080);
            }
        }
        byte[] hevc =
                TsBytes.hex("42010101600000030090000003000003003fa00502016965959a4932bc05a02000000300200000030321");
        for (int n = 0; n < hevc.length; n++) {
            VideoParams v = new VideoParams();
            if (new HevcSps().parseSps(load(Arrays.copyOf(hevc, n)), v)) {
                assertThat(new int[] {v.width, v.height}).as("%d bytes", n).containsExactly(640, 360);
            }
        }
        assertThat(H264Sps.parse(load(Arrays.copyOf(h264, 6)), new VideoParams()))
                .isFalse();
    }

    static Stream<Arguments> mpeg2() {
        return Stream.of(
                // horizontal_size 720, vertical_size 576, aspect 2 (4:3), frame_rate_code 3 (25)
                Arguments.of("PAL", "2d02402300", 720, 576, 25.0),
                // 1920x1080, frame_rate_code 4 (30000/1001)
                Arguments.of("1080i29.97", "7804383400", 1920, 1080, 30000 / 1001.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mpeg2")
    void mpeg2SequenceHeader(String name, String hex, int width, int height, double fps) {
        VideoParams v = new VideoParams();
        assertThat(Mpeg2Video.sequenceHeader(TsBytes.hex(hex), 0, v)).isTrue();
        assertThat(v.width).isEqualTo(width);
        assertThat(v.height).isEqualTo(height);
        assertThat(v.frameRate()).isCloseTo(fps, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static BitReader load(byte[] nal) {
        BitReader r = new BitReader(1024);
        r.load(nal, 0, nal.length);
        return r;
    }

    private static byte[] withoutStartCode(byte[] nal) {
        return Arrays.copyOfRange(nal, 4, nal.length);
    }
}
