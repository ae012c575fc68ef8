package io.sluice.ts;

import static io.sluice.ts.SpliceSource.AUD;
import static io.sluice.ts.SpliceSource.HEVC_AUD;
import static io.sluice.ts.SpliceSource.HEVC_CRA;
import static io.sluice.ts.SpliceSource.HEVC_IDR;
import static io.sluice.ts.SpliceSource.HEVC_PPS;
import static io.sluice.ts.SpliceSource.HEVC_SPS;
import static io.sluice.ts.SpliceSource.HEVC_TRAIL;
import static io.sluice.ts.SpliceSource.HEVC_VPS;
import static io.sluice.ts.SpliceSource.IDR;
import static io.sluice.ts.SpliceSource.PPS;
import static io.sluice.ts.SpliceSource.SEI;
import static io.sluice.ts.SpliceSource.SLICE;
import static io.sluice.ts.SpliceSource.SPS;
import static io.sluice.ts.TsBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link PesParser#startsKeyframe}: what one TS packet's payload at a PES start tells about the picture. */
class KeyframeStartTest {

    static Stream<Arguments> starts() {
        byte[] mpeg2Sequence = TsBytes.hex("000001b3280168140000"); // sequence_header_code, 640x360 …
        byte[] mpeg2I = TsBytes.hex("000001000008"); // picture_start_code, temporal_reference 0, type 1 (I)
        byte[] mpeg2P = TsBytes.hex("000001000010"); // picture_start_code, type 2 (P)
        return Stream.of(
                Arguments.of("H.264 AUD, SPS, PPS, IDR", Codec.H264, concat(AUD, SPS, PPS, IDR), true),
                Arguments.of("H.264 AUD, IDR without parameter sets", Codec.H264, concat(AUD, IDR), true),
                Arguments.of("H.264 SEI before the SPS", Codec.H264, concat(AUD, SEI, SPS, PPS, IDR), true),
                Arguments.of("H.264 AUD, non-IDR slice", Codec.H264, concat(AUD, SLICE), false),
                Arguments.of("H.264 non-IDR slice before an SPS", Codec.H264, concat(SLICE, SPS), false),
                Arguments.of("H.264 only an AUD in this packet", Codec.H264, AUD, false),
                Arguments.of("HEVC AUD, VPS, SPS, PPS, IDR", Codec.HEVC, concat(HEVC_AUD, HEVC_VPS, HEVC_SPS), true),
                Arguments.of("HEVC CRA (IRAP) alone", Codec.HEVC, concat(HEVC_AUD, HEVC_CRA), true),
                Arguments.of("HEVC IDR after PPS", Codec.HEVC, concat(HEVC_PPS, HEVC_IDR), true),
                Arguments.of("HEVC TRAIL_R", Codec.HEVC, concat(HEVC_AUD, HEVC_TRAIL), false),
                Arguments.of("H.264 bytes read as HEVC", Codec.HEVC, concat(AUD, SLICE), false),
                Arguments.of("MPEG-2 sequence header", Codec.MPEG2VIDEO, mpeg2Sequence, true),
                Arguments.of("MPEG-2 I picture", Codec.MPEG2VIDEO, mpeg2I, true),
                Arguments.of("MPEG-2 P picture", Codec.MPEG2VIDEO, mpeg2P, false),
                Arguments.of("audio is never a keyframe here", Codec.AAC, concat(AUD, IDR), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("starts")
    void aPesStartTellsWhetherAKeyframeBegins(String name, Codec codec, byte[] es, boolean key) {
        byte[] payload = TsBytes.pes(0xE0, 90_000, 86_400, es); // PES header with PTS and DTS, 19 bytes
        assertThat(PesParser.startsKeyframe(codec, payload, 0, payload.length)).isEqualTo(key);
    }

    @ParameterizedTest(name = "cut after {0} bytes")
    @MethodSource("cuts")
    void aPacketCutShortNeverThrowsAndSaysNo(int cut) {
        byte[] payload = TsBytes.pes(0xE0, 90_000, 86_400, concat(AUD, SPS));
        byte[] cutShort = Arrays.copyOf(payload, cut);
        boolean key = PesParser.startsKeyframe(Codec.H264, cutShort, 0, cutShort.length);
        assertThat(key).isEqualTo(cut >= 19 + AUD.length + 5); // the SPS's start code and header byte are in
    }

    static Stream<Integer> cuts() {
        return Stream.of(0, 3, 8, 9, 18, 19, 24, 25, 29, 30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notPes")
    void notAPesHeaderIsNoKeyframe(String name, byte[] payload) {
        assertThat(PesParser.startsKeyframe(Codec.H264, payload, 0, payload.length))
                .isFalse();
    }

    static Stream<Arguments> notPes() {
        byte[] good = TsBytes.pes(0xE0, 90_000, 86_400, concat(AUD, IDR));
        byte[] noPrefix = good.clone();
        noPrefix[2] = 2; // packet_start_code_prefix broken
        byte[] noOptionalHeader = good.clone();
        noOptionalHeader[6] = 0x0F; // not '10' before the flags
        byte[] headerPastEnd = good.clone();
        headerPastEnd[8] = (byte) 0xFF; // PES_header_data_length past the packet
        return Stream.of(
                Arguments.of("no start code prefix", noPrefix),
                Arguments.of("no optional PES header", noOptionalHeader),
                Arguments.of("header longer than the packet", headerPastEnd));
    }
}
