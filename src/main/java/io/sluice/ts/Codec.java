package io.sluice.ts;

/**
 * What an elementary stream carries, as reported in {@link StreamInfo#codec()} ({@link #id}: short, lower
 * case, ffmpeg's names where it has one) and {@link StreamInfo#kind()}.
 */
enum Codec {
    H264("h264", Kind.VIDEO),
    HEVC("hevc", Kind.VIDEO),
    VVC("vvc", Kind.VIDEO),
    MPEG1VIDEO("mpeg1video", Kind.VIDEO),
    MPEG2VIDEO("mpeg2video", Kind.VIDEO),
    MPEG4("mpeg4", Kind.VIDEO),
    AAC("aac", Kind.AUDIO),
    AAC_LATM("aac_latm", Kind.AUDIO),
    /** MPEG-1/MPEG-2 audio, any layer (stream_type 0x03, 0x04). */
    MP2("mp2", Kind.AUDIO),
    AC3("ac3", Kind.AUDIO),
    EAC3("eac3", Kind.AUDIO),
    DTS("dts", Kind.AUDIO),
    OPUS("opus", Kind.AUDIO),
    /** SMPTE 302M PCM in private PES (registration 'BSSD'). */
    S302M("s302m", Kind.AUDIO),
    SCTE35("scte35", Kind.DATA),
    KLV("klv", Kind.DATA),
    DVB_SUBTITLE("dvb_subtitle", Kind.DATA),
    DVB_TELETEXT("dvb_teletext", Kind.DATA),
    TIMED_ID3("timed_id3", Kind.DATA),
    UNKNOWN("unknown", Kind.DATA);

    enum Kind {
        VIDEO("video"),
        AUDIO("audio"),
        DATA("data");

        final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    final String id;
    final Kind kind;

    Codec(String id, Kind kind) {
        this.id = id;
        this.kind = kind;
    }
}
