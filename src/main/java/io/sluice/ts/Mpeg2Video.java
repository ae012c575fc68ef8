package io.sluice.ts;

/**
 * MPEG-1/MPEG-2 video headers (ISO/IEC 13818-2 §6.2.2.1 sequence_header, §6.2.2.3 sequence_extension, §6.2.3
 * picture_header), read straight from the bytes after their start codes (no emulation prevention in MPEG-2).
 */
final class Mpeg2Video {
    static final int PICTURE_START = 0x00;
    static final int SEQUENCE_HEADER = 0xB3;
    static final int EXTENSION_START = 0xB5;

    /** frame_rate_code 1..8 (Table 6-4) as numerator/denominator. */
    private static final int[] RATE_NUM = {0, 24000, 24, 25, 30000, 30, 50, 60000, 60};

    private static final int[] RATE_DEN = {0, 1001, 1, 1, 1001, 1, 1, 1001, 1};

    /** picture_coding_type 1 (Table 6-12): an intra-coded picture, where decoding can start. */
    static final int I_PICTURE = 1;

    private Mpeg2Video() {}

    /**
     * sequence_header() fields after the start code at {@code b[p]}: horizontal_size_value(12),
     * vertical_size_value(12), aspect_ratio_information(4), frame_rate_code(4). Needs 4 bytes.
     */
    static boolean sequenceHeader(byte[] b, int p, VideoParams out) {
        out.clear();
        out.width = ((b[p] & 0xFF) << 4) | ((b[p + 1] & 0xF0) >>> 4);
        out.height = ((b[p + 1] & 0x0F) << 8) | (b[p + 2] & 0xFF);
        int rateCode = b[p + 3] & 0x0F;
        if (rateCode >= 1 && rateCode <= 8) {
            out.frameRateNum = RATE_NUM[rateCode];
            out.frameRateDen = RATE_DEN[rateCode];
        }
        return out.plausibleSize();
    }

    /**
     * sequence_extension() after the extension start code at {@code b[p]} (extension_start_code_identifier 1):
     * adds horizontal/vertical_size_extension (2 bits each, the top bits of the size) and scales the rate by
     * (frame_rate_extension_n + 1) / (frame_rate_extension_d + 1). Needs 6 bytes.
     */
    static void sequenceExtension(byte[] b, int p, VideoParams seq) {
        if ((b[p] & 0xF0) != 0x10) return; // extension_start_code_identifier: sequence extension
        // bits after the 4-bit identifier: profile_and_level(8) progressive(1) chroma_format(2)
        // horizontal_size_extension(2) vertical_size_extension(2) bit_rate_extension(12) marker(1)
        // vbv_buffer_size_extension(8) low_delay(1) frame_rate_extension_n(2) frame_rate_extension_d(5)
        int hExt = ((b[p + 1] & 0x01) << 1) | ((b[p + 2] & 0x80) >>> 7);
        int vExt = (b[p + 2] & 0x60) >>> 5;
        seq.width |= hExt << 12;
        seq.height |= vExt << 12;
        int n = (b[p + 5] & 0x60) >>> 5;
        int d = b[p + 5] & 0x1F;
        seq.frameRateNum *= n + 1;
        seq.frameRateDen *= d + 1;
    }

    /** picture_coding_type from picture_header() at {@code b[p]}: temporal_reference(10), type(3). Needs 2 bytes. */
    static int pictureCodingType(byte[] b, int p) {
        return (b[p + 1] >>> 3) & 0x07;
    }
}
