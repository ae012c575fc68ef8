package io.sluice.ts;

/**
 * H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) → picture size (§7.4.2.1.1, frame cropping) and
 * frame rate from the VUI timing_info (Annex E.1.1, E.2.1).
 */
final class H264Sps {
    private H264Sps() {}

    /**
     * Parses the SPS loaded in {@code r} (starting at the NAL header, nal_unit_type 7) into {@code out}.
     *
     * @return false when the SPS is truncated or implausible; {@code out} is then meaningless
     */
    static boolean parse(BitReader r, VideoParams out) {
        out.clear();
        r.skip(8); // forbidden_zero_bit, nal_ref_idc, nal_unit_type
        int profileIdc = r.u8();
        r.skip(16); // constraint_set0..5_flag, reserved_zero_2bits, level_idc
        r.ue(); // seq_parameter_set_id
        int chromaFormatIdc = 1; // 4:2:0 when absent
        boolean separateColourPlane = false;
        if (highProfile(profileIdc)) {
            chromaFormatIdc = r.ue();
            if (chromaFormatIdc > 3) return false;
            if (chromaFormatIdc == 3) separateColourPlane = r.flag();
            r.ue(); // bit_depth_luma_minus8
            r.ue(); // bit_depth_chroma_minus8
            r.skip(1); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.flag()) skipScalingList(r, i < 6 ? 16 : 64); // seq_scaling_list_present_flag[i]
                }
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int picOrderCntType = r.ue();
        if (picOrderCntType == 0) {
            r.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (picOrderCntType == 1) {
            r.skip(1); // delta_pic_order_always_zero_flag
            r.se(); // offset_for_non_ref_pic
            r.se(); // offset_for_top_to_bottom_field
            int cycle = r.ue(); // num_ref_frames_in_pic_order_cnt_cycle, 0..255
            if (cycle > 255) return false;
            for (int i = 0; i < cycle; i++) r.se(); // offset_for_ref_frame[i]
        } else if (picOrderCntType != 2) {
            return false;
        }
        r.ue(); // max_num_ref_frames
        r.skip(1); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1; // pic_width_in_mbs_minus1 + 1, macroblocks of 16 samples
        int heightMapUnits = r.ue() + 1; // pic_height_in_map_units_minus1 + 1
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) r.skip(1); // mb_adaptive_frame_field_flag
        r.skip(1); // direct_8x8_inference_flag
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.flag()) { // frame_cropping_flag
            cropLeft = r.ue();
            cropRight = r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        if (r.overrun() || widthMbs > 1024 || heightMapUnits > 1024) return false;
        // Crop units (§7.4.2.1.1, equations 7-19 to 7-22): ChromaArrayType 0 → 1 sample; else SubWidthC/SubHeightC.
        int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        int fieldFactor = frameMbsOnly ? 1 : 2;
        int cropUnitX = chromaArrayType == 0 ? 1 : (chromaArrayType == 3 ? 1 : 2);
        int cropUnitY = (chromaArrayType == 0 ? 1 : (chromaArrayType == 1 ? 2 : 1)) * fieldFactor;
        out.width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
        out.height = fieldFactor * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        if (!out.plausibleSize()) return false;
        if (r.flag()) vui(r, out); // vui_parameters_present_flag
        return true;
    }

    /** H.264 Annex E.1.1 vui_parameters(), up to timing_info. A truncated VUI leaves the frame rate unknown. */
    private static void vui(BitReader r, VideoParams out) {
        if (r.flag()) { // aspect_ratio_info_present_flag
            if (r.u8() == 255) r.skip(32); // aspect_ratio_idc == Extended_SAR: sar_width, sar_height
        }
        if (r.flag()) r.skip(1); // overscan_info_present_flag → overscan_appropriate_flag
        if (r.flag()) { // video_signal_type_present_flag
            r.skip(4); // video_format(3), video_full_range_flag(1)
            if (r.flag()) r.skip(24); // colour_description_present_flag → primaries, transfer, matrix
        }
        if (r.flag()) { // chroma_loc_info_present_flag
            r.ue();
            r.ue();
        }
        if (r.flag()) { // timing_info_present_flag
            long numUnitsInTick = r.u(32);
            long timeScale = r.u(32);
            if (!r.overrun() && numUnitsInTick > 0 && timeScale > 0) {
                // E.2.1: a frame lasts two ticks (one per field), so frames/s = time_scale / (2 × num_units_in_tick).
                out.frameRateNum = timeScale;
                out.frameRateDen = 2 * numUnitsInTick;
            }
        }
    }

    /** Profiles whose SPS carries chroma_format_idc and scaling lists (§7.3.2.1.1). */
    private static boolean highProfile(int profileIdc) {
        return switch (profileIdc) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /** scaling_list() (§7.3.2.1.1.1): only its length matters here. */
    private static void skipScalingList(BitReader r, int size) {
        int lastScale = 8;
        int nextScale = 8;
        for (int j = 0; j < size && !r.overrun(); j++) {
            if (nextScale != 0) {
                int delta = r.se(); // delta_scale, −128..127
                nextScale = (lastScale + delta + 256) % 256;
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }
}
