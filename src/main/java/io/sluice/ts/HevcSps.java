package io.sluice.ts;

/**
 * HEVC video and sequence parameter sets (ITU-T H.265 §7.3.2.1, §7.3.2.2) → picture size with the
 * conformance window (§7.4.3.2.1) and frame rate from the VUI (Annex E.2.1) or, when the SPS has none, the
 * VPS timing info (§7.3.2.1).
 */
final class HevcSps {
    /** st_ref_pic_set() sets an SPS may hold: num_short_term_ref_pic_sets is 0..64 (§7.4.3.2.1). */
    private static final int MAX_SHORT_TERM_SETS = 64;

    /** NumDeltaPocs of each short-term set parsed so far (§7.4.8); reused, receive thread only. */
    private final int[] numDeltaPocs = new int[MAX_SHORT_TERM_SETS + 1];

    /**
     * Parses the VPS loaded in {@code r} (NAL type 32) for its timing info.
     *
     * @return true and the rate in {@code out.frameRateNum/Den} when the VPS carries vps_timing_info
     */
    boolean parseVps(BitReader r, VideoParams out) {
        out.clear();
        r.skip(16); // nal_unit_header
        r.skip(4 + 1 + 1
                + 6); // vps_video_parameter_set_id, base_layer_internal, base_layer_available, max_layers_minus1
        int maxSubLayersMinus1 = (int) r.u(3);
        r.skip(1 + 16); // vps_temporal_id_nesting_flag, vps_reserved_0xffff_16bits
        if (!profileTierLevel(r, maxSubLayersMinus1)) return false;
        boolean orderingInfo = r.flag(); // vps_sub_layer_ordering_info_present_flag
        for (int i = orderingInfo ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
            r.ue(); // vps_max_dec_pic_buffering_minus1
            r.ue(); // vps_max_num_reorder_pics
            r.ue(); // vps_max_latency_increase_plus1
        }
        int maxLayerId = (int) r.u(6); // vps_max_layer_id
        int layerSets = r.ue(); // vps_num_layer_sets_minus1, 0..1023
        if (layerSets > 1023) return false;
        r.skip(layerSets * (maxLayerId + 1)); // layer_id_included_flag[i][j] for i in 1..layerSets
        if (!r.flag()) return false; // vps_timing_info_present_flag
        long numUnitsInTick = r.u(32);
        long timeScale = r.u(32);
        if (r.overrun() || numUnitsInTick == 0 || timeScale == 0) return false;
        out.frameRateNum = timeScale; // E.2.1: one picture per tick
        out.frameRateDen = numUnitsInTick;
        return true;
    }

    /**
     * Parses the SPS loaded in {@code r} (NAL type 33) into {@code out}.
     *
     * @return false when the SPS is truncated or implausible
     */
    boolean parseSps(BitReader r, VideoParams out) {
        out.clear();
        r.skip(16); // nal_unit_header
        r.skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = (int) r.u(3); // sps_max_sub_layers_minus1, 0..6
        r.skip(1); // sps_temporal_id_nesting_flag
        if (maxSubLayersMinus1 > 6 || !profileTierLevel(r, maxSubLayersMinus1)) return false;
        r.ue(); // sps_seq_parameter_set_id
        int chromaFormatIdc = r.ue();
        if (chromaFormatIdc > 3) return false;
        boolean separateColourPlane = chromaFormatIdc == 3 && r.flag();
        int width = r.ue(); // pic_width_in_luma_samples
        int height = r.ue(); // pic_height_in_luma_samples
        if (r.flag()) { // conformance_window_flag; offsets in chroma units (Table 6-1: SubWidthC, SubHeightC)
            int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
            int subWidthC = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeightC = chromaArrayType == 1 ? 2 : 1;
            width -= subWidthC * (r.ue() + r.ue()); // conf_win_left_offset + conf_win_right_offset
            height -= subHeightC * (r.ue() + r.ue()); // conf_win_top_offset + conf_win_bottom_offset
        }
        if (r.overrun()) return false;
        out.width = width;
        out.height = height;
        if (!out.plausibleSize()) return false;
        r.ue(); // bit_depth_luma_minus8
        r.ue(); // bit_depth_chroma_minus8
        int log2MaxPocLsb = r.ue() + 4; // log2_max_pic_order_cnt_lsb_minus4 + 4, 4..16
        if (log2MaxPocLsb > 16) return true;
        boolean orderingInfo = r.flag(); // sps_sub_layer_ordering_info_present_flag
        for (int i = orderingInfo ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
            r.ue(); // sps_max_dec_pic_buffering_minus1
            r.ue(); // sps_max_num_reorder_pics
            r.ue(); // sps_max_latency_increase_plus1
        }
        r.ue(); // log2_min_luma_coding_block_size_minus3
        r.ue(); // log2_diff_max_min_luma_coding_block_size
        r.ue(); // log2_min_luma_transform_block_size_minus2
        r.ue(); // log2_diff_max_min_luma_transform_block_size
        r.ue(); // max_transform_hierarchy_depth_inter
        r.ue(); // max_transform_hierarchy_depth_intra
        if (r.flag() && r.flag())
            skipScalingListData(r); // scaling_list_enabled_flag, sps_scaling_list_data_present_flag
        r.skip(2); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
        if (r.flag()) { // pcm_enabled_flag
            r.skip(8); // pcm_sample_bit_depth_luma_minus1(4), pcm_sample_bit_depth_chroma_minus1(4)
            r.ue(); // log2_min_pcm_luma_coding_block_size_minus3
            r.ue(); // log2_diff_max_min_pcm_luma_coding_block_size
            r.skip(1); // pcm_loop_filter_disabled_flag
        }
        int sets = r.ue(); // num_short_term_ref_pic_sets
        if (sets > MAX_SHORT_TERM_SETS) return true;
        for (int i = 0; i < sets && !r.overrun(); i++) {
            if (!shortTermRefPicSet(r, i)) return true;
        }
        if (r.flag()) { // long_term_ref_pics_present_flag
            int lt = r.ue(); // num_long_term_ref_pics_sps, 0..32
            if (lt > 32) return true;
            for (int i = 0; i < lt; i++)
                r.skip(log2MaxPocLsb + 1); // lt_ref_pic_poc_lsb_sps, used_by_curr_pic_lt_sps_flag
        }
        r.skip(2); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
        if (r.flag()) vui(r, out); // vui_parameters_present_flag
        return true;
    }

    /** E.2.1 vui_parameters(), up to vui_timing_info. A truncated VUI leaves the frame rate unknown. */
    private static void vui(BitReader r, VideoParams out) {
        if (r.flag()) { // aspect_ratio_info_present_flag
            if (r.u8() == 255) r.skip(32); // EXTENDED_SAR: sar_width, sar_height
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
        r.skip(3); // neutral_chroma_indication_flag, field_seq_flag, frame_field_info_present_flag
        if (r.flag()) { // default_display_window_flag
            r.ue();
            r.ue();
            r.ue();
            r.ue();
        }
        if (r.flag()) { // vui_timing_info_present_flag
            long numUnitsInTick = r.u(32);
            long timeScale = r.u(32);
            if (!r.overrun() && numUnitsInTick > 0 && timeScale > 0) {
                out.frameRateNum = timeScale; // one picture per tick
                out.frameRateDen = numUnitsInTick;
            }
        }
    }

    /** profile_tier_level(1, maxNumSubLayersMinus1) (§7.3.3): fixed-length, skipped. */
    private static boolean profileTierLevel(BitReader r, int maxSubLayersMinus1) {
        if (maxSubLayersMinus1 > 6) return false;
        r.skip(88 + 8); // general profile (space, tier, idc, compatibility, constraint flags) + general_level_idc
        int profilePresent = 0, levelPresent = 0;
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (r.flag()) profilePresent |= 1 << i; // sub_layer_profile_present_flag[i]
            if (r.flag()) levelPresent |= 1 << i; // sub_layer_level_present_flag[i]
        }
        if (maxSubLayersMinus1 > 0) r.skip(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if ((profilePresent & (1 << i)) != 0) r.skip(88);
            if ((levelPresent & (1 << i)) != 0) r.skip(8);
        }
        return !r.overrun();
    }

    /** scaling_list_data() (§7.3.4): only its length matters here. */
    private static void skipScalingListData(BitReader r) {
        for (int sizeId = 0; sizeId < 4; sizeId++) {
            for (int matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1) {
                if (!r.flag()) { // scaling_list_pred_mode_flag
                    r.ue(); // scaling_list_pred_matrix_id_delta
                } else {
                    int coefNum = Math.min(64, 1 << (4 + (sizeId << 1)));
                    if (sizeId > 1) r.se(); // scaling_list_dc_coef_minus8
                    for (int i = 0; i < coefNum && !r.overrun(); i++) r.se(); // scaling_list_delta_coef
                }
            }
        }
    }

    /** st_ref_pic_set(stRpsIdx) as it appears in the SPS (§7.3.7): tracks NumDeltaPocs for prediction. */
    private boolean shortTermRefPicSet(BitReader r, int idx) {
        if (idx != 0 && r.flag()) { // inter_ref_pic_set_prediction_flag (delta_idx_minus1 is slice-only)
            r.skip(1); // delta_rps_sign
            r.ue(); // abs_delta_rps_minus1
            int ref = numDeltaPocs[idx - 1];
            int count = 0;
            for (int j = 0; j <= ref; j++) {
                boolean used = r.flag(); // used_by_curr_pic_flag[j]
                boolean useDelta = used || r.flag(); // use_delta_flag[j], inferred 1 when used
                if (useDelta) count++;
            }
            numDeltaPocs[idx] = count;
        } else {
            int negative = r.ue(); // num_negative_pics, 0..16
            int positive = r.ue(); // num_positive_pics, 0..16
            if (negative > 16 || positive > 16) return false;
            for (int j = 0; j < negative + positive; j++) {
                r.ue(); // delta_poc_s0_minus1 / delta_poc_s1_minus1
                r.skip(1); // used_by_curr_pic_s0_flag / used_by_curr_pic_s1_flag
            }
            numDeltaPocs[idx] = negative + positive;
        }
        return !r.overrun();
    }
}
