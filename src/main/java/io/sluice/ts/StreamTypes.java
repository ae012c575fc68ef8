package io.sluice.ts;

/**
 * Codec of an elementary stream from its PMT entry: stream_type (ISO/IEC 13818-1 §2.4.4.9, Table 2-34, plus
 * the ATSC/SCTE assignments 0x81, 0x86, 0x87) and, for private data (0x06) and user-private types, its
 * descriptors (§2.6; ETSI EN 300 468 Annex D for DVB's).
 */
final class StreamTypes {
    /** registration_descriptor (§2.6.8): 32-bit format_identifier registered with SMPTE-RA. */
    static final int TAG_REGISTRATION = 0x05;
    /** ISO_639_language_descriptor (§2.6.18). */
    static final int TAG_LANGUAGE = 0x0A;
    /** metadata_descriptor (§2.6.60), used with stream_type 0x15. */
    static final int TAG_METADATA = 0x26;
    /** DVB teletext_descriptor (EN 300 468 §6.2.43). */
    static final int TAG_DVB_TELETEXT = 0x56;
    /** DVB subtitling_descriptor (EN 300 468 §6.2.41). */
    static final int TAG_DVB_SUBTITLING = 0x59;
    /** DVB AC-3_descriptor (EN 300 468 Annex D.3). */
    static final int TAG_DVB_AC3 = 0x6A;
    /** DVB enhanced_AC-3_descriptor (EN 300 468 Annex D.5). */
    static final int TAG_DVB_EAC3 = 0x7A;
    /** DVB DTS_descriptor (EN 300 468 Annex G). */
    static final int TAG_DVB_DTS = 0x7B;
    /**
     * DVB extension_descriptor (EN 300 468 §6.2.16); descriptor_tag_extension 0x80 is the Opus audio
     * descriptor of the Opus-in-TS mapping (registration 'Opus'), whose first byte is channel_config_code.
     */
    static final int TAG_DVB_EXTENSION = 0x7F;

    static final int FOURCC_OPUS = fourcc("Opus");
    static final int FOURCC_KLVA = fourcc("KLVA");
    static final int FOURCC_AC3 = fourcc("AC-3");
    static final int FOURCC_EAC3 = fourcc("EAC3");
    static final int FOURCC_HEVC = fourcc("HEVC");
    static final int FOURCC_BSSD = fourcc("BSSD");
    static final int FOURCC_ID3 = fourcc("ID3 ");

    private StreamTypes() {}

    /**
     * Codec of an ES entry whose ES_info descriptors are {@code b[from, to)}.
     *
     * @param programRegistration format_identifier of a registration descriptor in the program_info loop, or 0
     */
    static Codec codec(int streamType, byte[] b, int from, int to, int programRegistration) {
        Codec byType = switch (streamType) {
            case 0x01 -> Codec.MPEG1VIDEO;
            case 0x02 -> Codec.MPEG2VIDEO;
            case 0x03, 0x04 -> Codec.MP2;
            case 0x0F -> Codec.AAC;
            case 0x10 -> Codec.MPEG4;
            case 0x11 -> Codec.AAC_LATM;
            case 0x1B -> Codec.H264;
            case 0x24 -> Codec.HEVC;
            case 0x33 -> Codec.VVC;
            case 0x81 -> Codec.AC3; // ATSC A/53
            case 0x87 -> Codec.EAC3; // ATSC A/53
            case 0x86 -> Codec.SCTE35; // SCTE 35 splice_info_section
            default -> null;
        };
        if (byType != null) return byType;
        // stream_type 0x06 (PES private data), 0x15 (metadata in PES) and user-private types: ask the descriptors.
        Codec byDescriptor = null;
        for (int p = from; p + 2 <= to; ) {
            int tag = b[p] & 0xFF;
            int len = b[p + 1] & 0xFF;
            int body = p + 2;
            if (body + len > to) break;
            Codec c = switch (tag) {
                case TAG_DVB_AC3 -> Codec.AC3;
                case TAG_DVB_EAC3 -> Codec.EAC3;
                case TAG_DVB_DTS -> Codec.DTS;
                case TAG_DVB_SUBTITLING -> Codec.DVB_SUBTITLE;
                case TAG_DVB_TELETEXT -> Codec.DVB_TELETEXT;
                case TAG_REGISTRATION -> len >= 4 ? byRegistration(readInt(b, body)) : null;
                case TAG_METADATA -> streamType == 0x15 ? metadata(b, body, len) : null;
                default -> null;
            };
            if (c != null && byDescriptor == null) byDescriptor = c;
            p = body + len;
        }
        if (byDescriptor != null) return byDescriptor;
        if (programRegistration != 0 && streamType >= 0x06) {
            Codec c = byRegistration(programRegistration);
            if (c != null) return c;
        }
        return Codec.UNKNOWN;
    }

    /**
     * Channels of an Opus stream from the DVB extension_descriptor (tag 0x7F, descriptor_tag_extension 0x80,
     * channel_config_code: 0x00 dual mono, 0x01..0x08 that many channels), or 0 when absent.
     */
    static int opusChannels(byte[] b, int from, int to) {
        for (int p = from; p + 2 <= to; ) {
            int tag = b[p] & 0xFF;
            int len = b[p + 1] & 0xFF;
            int body = p + 2;
            if (body + len > to) break;
            if (tag == TAG_DVB_EXTENSION && len >= 2 && (b[body] & 0xFF) == 0x80) {
                int code = b[body + 1] & 0xFF;
                if (code == 0) return 2;
                if (code <= 8) return code;
                if (code >= 0x81 && code <= 0x88) return code & 0x0F;
            }
            p = body + len;
        }
        return 0;
    }

    /** ISO_639_language_descriptor's first language code, or null. */
    static String language(byte[] b, int from, int to) {
        for (int p = from; p + 2 <= to; ) {
            int tag = b[p] & 0xFF;
            int len = b[p + 1] & 0xFF;
            int body = p + 2;
            if (body + len > to) break;
            if (tag == TAG_LANGUAGE && len >= 3) {
                char[] code = new char[3];
                for (int i = 0; i < 3; i++) {
                    int c = b[body + i] & 0xFF;
                    if (c < 'a' || c > 'z') {
                        if (c < 'A' || c > 'Z') return null;
                        c += 'a' - 'A';
                    }
                    code[i] = (char) c;
                }
                return new String(code);
            }
            p = body + len;
        }
        return null;
    }

    /** format_identifier of the first registration descriptor in {@code b[from, to)}, or 0. */
    static int registration(byte[] b, int from, int to) {
        for (int p = from; p + 2 <= to; ) {
            int tag = b[p] & 0xFF;
            int len = b[p + 1] & 0xFF;
            int body = p + 2;
            if (body + len > to) break;
            if (tag == TAG_REGISTRATION && len >= 4) return readInt(b, body);
            p = body + len;
        }
        return 0;
    }

    private static Codec byRegistration(int fourcc) {
        if (fourcc == FOURCC_OPUS) return Codec.OPUS;
        if (fourcc == FOURCC_KLVA) return Codec.KLV;
        if (fourcc == FOURCC_AC3) return Codec.AC3;
        if (fourcc == FOURCC_EAC3) return Codec.EAC3;
        if (fourcc == FOURCC_HEVC) return Codec.HEVC;
        if (fourcc == FOURCC_BSSD) return Codec.S302M;
        if (fourcc == FOURCC_ID3) return Codec.TIMED_ID3;
        return null;
    }

    /** metadata_descriptor (§2.6.60): metadata_application_format(16), [0xFFFF → identifier(32)], metadata_format(8), [0xFF → identifier(32)]. */
    private static Codec metadata(byte[] b, int body, int len) {
        int p = body + 2;
        int end = body + len;
        if (len >= 2 && (b[body] & 0xFF) == 0xFF && (b[body + 1] & 0xFF) == 0xFF) p += 4;
        if (p >= end) return null;
        int format = b[p] & 0xFF;
        if (format == 0xFF && p + 5 <= end) return byRegistration(readInt(b, p + 1));
        return format == 0x3F ? Codec.TIMED_ID3 : null; // 0x3F: ID3 in PES (Table 2-85)
    }

    static int fourcc(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }

    private static int readInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
