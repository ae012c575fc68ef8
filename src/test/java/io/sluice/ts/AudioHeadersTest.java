package io.sluice.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sample rate and channels from audio frame headers, built field by field. */
class AudioHeadersTest {

    /** adts_fixed_header + the start of adts_variable_header (ISO/IEC 14496-3 §1.A.2.2.1). */
    static byte[] adts(int sfIndex, int channelConfiguration) {
        return TsBytes.bits()
                .bits(0xFFF, 12) // syncword
                .bits(0, 1) // ID: MPEG-4
                .bits(0, 2) // layer
                .bits(1, 1) // protection_absent
                .bits(1, 2) // profile_ObjectType: AAC LC
                .bits(sfIndex, 4) // sampling_frequency_index
                .bits(0, 1) // private_bit
                .bits(channelConfiguration, 3) // channel_configuration
                .bits(0, 4) // original_copy, home, copyright_id_bit, copyright_id_start
                .bits(200, 13) // aac_frame_length
                .bits(0x7FF, 11) // adts_buffer_fullness
                .bits(0, 2) // number_of_raw_data_blocks_in_frame
                .build();
    }

    /** MPEG audio header (ISO/IEC 11172-3 §2.4.1.3). */
    static byte[] mpegAudio(int version, int layer, int rateIndex, int mode) {
        return TsBytes.bits()
                .bits(0x7FF, 11) // syncword (11 bits with MPEG-2.5's version field)
                .bits(version, 2) // 11 MPEG-1, 10 MPEG-2, 00 MPEG-2.5
                .bits(layer, 2) // 10 = layer II
                .bits(1, 1) // protection_bit: no CRC
                .bits(0b1000, 4) // bitrate_index
                .bits(rateIndex, 2) // sampling_frequency
                .bits(0, 2) // padding_bit, private_bit
                .bits(mode, 2) // mode: 00 stereo … 11 single channel
                .bits(0, 4) // mode_extension, copyright, original_home
                .bits(0, 2) // emphasis
                .build();
    }

    /** AC-3 syncinfo + bsi up to lfeon (ATSC A/52 §5.3.1–2). */
    static byte[] ac3(int fscod, int acmod, int lfe) {
        TsBytes.Raw b = TsBytes.bits()
                .u16(0x0B77) // syncword
                .u16(0) // crc1
                .bits(fscod, 2) // fscod: 0 = 48 kHz, 1 = 44.1 kHz, 2 = 32 kHz
                .bits(0x1C, 6) // frmsizecod
                .bits(8, 5) // bsid
                .bits(0, 3) // bsmod
                .bits(acmod, 3); // acmod
        if ((acmod & 1) != 0 && acmod != 1) b.bits(0, 2); // cmixlev
        if ((acmod & 4) != 0) b.bits(0, 2); // surmixlev
        if (acmod == 2) b.bits(0, 2); // dsurmod
        b.bits(lfe, 1); // lfeon
        return pad(b, 8);
    }

    /** E-AC-3 bsi start (A/52 Annex E §E.1.2.2). */
    static byte[] eac3(int fscod, int fscod2, int acmod, int lfe) {
        TsBytes.Raw b = TsBytes.bits()
                .u16(0x0B77) // syncword
                .bits(0, 2) // strmtyp
                .bits(0, 3) // substreamid
                .bits(0x17F, 11) // frmsiz
                .bits(fscod, 2) // fscod
                .bits(fscod == 3 ? fscod2 : 3, 2) // fscod2 or numblkscod
                .bits(acmod, 3) // acmod
                .bits(lfe, 1) // lfeon
                .bits(16, 5); // bsid: 16
        return pad(b, 8);
    }

    private static byte[] pad(TsBytes.Raw b, int bytes) {
        for (int i = 0; i < 64; i++) {
            try {
                byte[] w = b.written();
                if (w.length >= bytes) return w;
                b.u8(0);
            } catch (IllegalStateException notAligned) {
                b.bits(0, 1);
            }
        }
        throw new AssertionError();
    }

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("ADTS 48 kHz stereo", "aac", adts(3, 2), 48000, 2),
                Arguments.of("ADTS 44.1 kHz 5.1", "aac", adts(4, 6), 44100, 6),
                Arguments.of("ADTS 96 kHz 7.1", "aac", adts(0, 7), 96000, 8),
                Arguments.of("ADTS 7350 Hz mono", "aac", adts(12, 1), 7350, 1),
                Arguments.of("ADTS channels from a PCE (unknown)", "aac", adts(3, 0), 48000, 0),
                Arguments.of("MPEG-1 layer II 48 kHz stereo", "mp2", mpegAudio(3, 2, 1, 0), 48000, 2),
                Arguments.of("MPEG-1 layer II 44.1 kHz mono", "mp2", mpegAudio(3, 2, 0, 3), 44100, 1),
                Arguments.of("MPEG-2 layer III 24 kHz joint stereo", "mp2", mpegAudio(2, 1, 1, 1), 24000, 2),
                Arguments.of("MPEG-2.5 8 kHz", "mp2", mpegAudio(0, 1, 2, 0), 8000, 2),
                Arguments.of("AC-3 48 kHz 5.1", "ac3", ac3(0, 7, 1), 48000, 6),
                Arguments.of("AC-3 44.1 kHz 2/0", "ac3", ac3(1, 2, 0), 44100, 2),
                Arguments.of("AC-3 32 kHz mono", "ac3", ac3(2, 1, 0), 32000, 1),
                Arguments.of("AC-3 3/2 without LFE", "ac3", ac3(0, 7, 0), 48000, 5),
                Arguments.of("AC-3 2/2 + LFE", "ac3", ac3(0, 6, 1), 48000, 5),
                Arguments.of("E-AC-3 48 kHz 5.1", "ac3", eac3(0, 0, 7, 1), 48000, 6),
                Arguments.of("E-AC-3 reduced rate 24 kHz stereo", "ac3", eac3(3, 0, 2, 0), 24000, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void readsRateAndChannels(String name, String family, byte[] header, int rate, int channels) {
        AudioParams a = new AudioParams();
        boolean ok = switch (family) {
            case "aac" -> AudioHeaders.adts(header, 0, header.length, a);
            case "mp2" -> AudioHeaders.mpegAudio(header, 0, header.length, a);
            default -> AudioHeaders.ac3(header, 0, header.length, a);
        };
        assertThat(ok).isTrue();
        assertThat(a.sampleRate).isEqualTo(rate);
        assertThat(a.channels).isEqualTo(channels);
    }

    static Stream<Arguments> notHeaders() {
        return Stream.of(
                Arguments.of("ADTS with layer 01", "aac", TsBytes.hex("fff250800000")),
                Arguments.of("ADTS sampling_frequency_index 13", "aac", TsBytes.hex("fff1b4800000")),
                Arguments.of("ADTS cut short", "aac", TsBytes.hex("fff1")),
                Arguments.of("MPEG audio reserved layer", "mp2", TsBytes.hex("fff98400")),
                Arguments.of("MPEG audio bitrate index 15", "mp2", TsBytes.hex("fffdf400")),
                Arguments.of("MPEG audio reserved rate", "mp2", TsBytes.hex("fffd8c00")),
                Arguments.of("AC-3 reserved fscod", "ac3", TsBytes.hex("0b770000dc400000")),
                Arguments.of("no sync", "ac3", TsBytes.hex("0b760000dc400000")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notHeaders")
    void rejectsWhatIsNotAHeader(String name, String family, byte[] bytes) {
        AudioParams a = new AudioParams();
        boolean ok = switch (family) {
            case "aac" -> AudioHeaders.adts(bytes, 0, bytes.length, a);
            case "mp2" -> AudioHeaders.mpegAudio(bytes, 0, bytes.length, a);
            default -> AudioHeaders.ac3(bytes, 0, bytes.length, a);
        };
        assertThat(ok).isFalse();
    }
}
