package io.sluice.ts;

/**
 * Audio frame headers, found by their sync word at the start of a PES payload: AAC ADTS (ISO/IEC 14496-3
 * §1.A.2.2.1 adts_fixed_header), MPEG-1/2 audio (ISO/IEC 11172-3 §2.4.2.3, ISO/IEC 13818-3 §2.4.2.3), AC-3
 * (ATSC A/52 §5.3.1 syncinfo, §5.3.2 bsi) and E-AC-3 (A/52 Annex E §E.1.2). Each {@code parse} method reads
 * at {@code b[p, end)} and returns false when the bytes there are not a valid header.
 */
final class AudioHeaders {
    /** sampling_frequency_index → Hz (ISO/IEC 14496-3 §1.6.3.4, Table 1.18); 13..15 reserved. */
    private static final int[] AAC_RATES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
    };
    /** MPEG-1 sampling_frequency 0..2, Hz (ISO/IEC 11172-3 §2.4.2.3); MPEG-2 halves, MPEG-2.5 quarters it. */
    private static final int[] MPEG_RATES = {44100, 48000, 32000};
    /** AC-3 fscod 0..2, Hz (A/52 Table 5.6); E-AC-3 fscod2 0..2 is half of it (Table E2.3). */
    private static final int[] AC3_RATES = {48000, 44100, 32000};
    /** acmod → full-bandwidth channels (A/52 Table 5.8): 1+1, 1/0, 2/0, 3/0, 2/1, 3/1, 2/2, 3/2. */
    private static final int[] AC3_CHANNELS = {2, 1, 2, 3, 3, 4, 4, 5};

    private AudioHeaders() {}

    /** ADTS: syncword 0xFFF(12) ID(1) layer(2)=00 protection_absent(1) profile(2) sf_index(4) private(1) channel_configuration(3). */
    static boolean adts(byte[] b, int p, int end, AudioParams out) {
        if (end - p < 4) return false;
        if ((b[p] & 0xFF) != 0xFF || (b[p + 1] & 0xF6) != 0xF0) return false; // syncword, layer 00
        int sfIndex = (b[p + 2] & 0x3C) >>> 2;
        if (sfIndex >= AAC_RATES.length) return false;
        int channelConfiguration = ((b[p + 2] & 0x01) << 2) | ((b[p + 3] & 0xC0) >>> 6);
        out.sampleRate = AAC_RATES[sfIndex];
        // 0: defined by a program_config_element (unknown here); 1..6: that many; 7: 7.1 = 8 channels.
        out.channels = channelConfiguration == 7 ? 8 : channelConfiguration;
        return true;
    }

    /**
     * MPEG audio: syncword(11) version(2: 11 MPEG-1, 10 MPEG-2, 00 MPEG-2.5) layer(2, 00 reserved)
     * protection(1) bitrate_index(4, 1111 invalid) sampling_frequency(2, 11 reserved) padding(1) private(1)
     * mode(2: 11 = single channel).
     */
    static boolean mpegAudio(byte[] b, int p, int end, AudioParams out) {
        if (end - p < 4) return false;
        if ((b[p] & 0xFF) != 0xFF || (b[p + 1] & 0xE0) != 0xE0) return false;
        int version = (b[p + 1] >>> 3) & 0x03;
        int layer = (b[p + 1] >>> 1) & 0x03;
        int bitrateIndex = (b[p + 2] >>> 4) & 0x0F;
        int rateIndex = (b[p + 2] >>> 2) & 0x03;
        if (version == 1 || layer == 0 || bitrateIndex == 15 || rateIndex == 3) return false;
        int shift = version == 3 ? 0 : version == 2 ? 1 : 2;
        out.sampleRate = MPEG_RATES[rateIndex] >> shift;
        out.channels = ((b[p + 3] >>> 6) & 0x03) == 3 ? 1 : 2;
        return true;
    }

    /**
     * AC-3 or E-AC-3, told apart by bsid (A/52 Annex E §E.1.3.1.6: ≤ 10 AC-3, 11..16 E-AC-3), which sits at
     * the same bit position in both.
     */
    static boolean ac3(byte[] b, int p, int end, AudioParams out) {
        if (end - p < 8) return false;
        if ((b[p] & 0xFF) != 0x0B || (b[p + 1] & 0xFF) != 0x77) return false; // syncword 0x0B77
        int bsid = (b[p + 5] & 0xF8) >>> 3;
        if (bsid <= 10) {
            // syncinfo: crc1(16) fscod(2) frmsizecod(6); bsi: bsid(5) bsmod(3) acmod(3) ...
            int fscod = (b[p + 4] & 0xC0) >>> 6;
            if (fscod == 3) return false;
            int acmod = (b[p + 6] & 0xE0) >>> 5;
            // Optional 2-bit fields before lfeon: cmixlev if 3 front channels, surmixlev if surround, dsurmod if 2/0.
            int bit = 3;
            if ((acmod & 0x01) != 0 && acmod != 1) bit += 2;
            if ((acmod & 0x04) != 0) bit += 2;
            if (acmod == 2) bit += 2;
            int lfeon = bitAt(b, p + 6, bit);
            out.sampleRate = AC3_RATES[fscod];
            out.channels = AC3_CHANNELS[acmod] + lfeon;
            return true;
        }
        if (bsid > 16) return false;
        // E-AC-3 bsi: strmtyp(2) substreamid(3) frmsiz(11) fscod(2) fscod2|numblkscod(2) acmod(3) lfeon(1) bsid(5)
        int fscod = (b[p + 4] & 0xC0) >>> 6;
        int fscod2 = (b[p + 4] & 0x30) >>> 4;
        if (fscod == 3 && fscod2 == 3) return false;
        int acmod = (b[p + 4] & 0x0E) >>> 1;
        int lfeon = b[p + 4] & 0x01;
        out.sampleRate = fscod == 3 ? AC3_RATES[fscod2] / 2 : AC3_RATES[fscod];
        out.channels = AC3_CHANNELS[acmod] + lfeon;
        return true;
    }

    /** Bit {@code bit} (0 = most significant) counted from {@code b[p]}. */
    private static int bitAt(byte[] b, int p, int bit) {
        return (b[p + (bit >>> 3)] >>> (7 - (bit & 7))) & 1;
    }
}
