package io.sluice.ts;

import static io.sluice.ts.TsBytes.concat;
import static io.sluice.ts.TsBytes.descriptor;
import static io.sluice.ts.TsBytes.registration;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Codec and kind from a PMT entry: stream_type, then descriptors for private data. */
class StreamTypesTest {
    static final byte[] NONE = new byte[0];

    static Stream<Arguments> entries() {
        return Stream.of(
                Arguments.of(0x1B, NONE, "h264", "video"),
                Arguments.of(0x24, NONE, "hevc", "video"),
                Arguments.of(0x02, NONE, "mpeg2video", "video"),
                Arguments.of(0x01, NONE, "mpeg1video", "video"),
                Arguments.of(0x0F, NONE, "aac", "audio"),
                Arguments.of(0x11, NONE, "aac_latm", "audio"),
                Arguments.of(0x03, NONE, "mp2", "audio"),
                Arguments.of(0x04, NONE, "mp2", "audio"),
                Arguments.of(0x81, NONE, "ac3", "audio"),
                Arguments.of(0x87, NONE, "eac3", "audio"),
                Arguments.of(0x86, NONE, "scte35", "data"),
                Arguments.of(0x06, descriptor(0x6A, new byte[1]), "ac3", "audio"), // DVB AC-3_descriptor
                Arguments.of(0x06, descriptor(0x7A, new byte[1]), "eac3", "audio"), // DVB enhanced_AC-3_descriptor
                Arguments.of(0x06, registration("Opus"), "opus", "audio"),
                Arguments.of(0x06, registration("KLVA"), "klv", "data"),
                Arguments.of(0x15, registration("KLVA"), "klv", "data"),
                Arguments.of(0x06, registration("BSSD"), "s302m", "audio"),
                Arguments.of(0x06, descriptor(0x59, new byte[8]), "dvb_subtitle", "data"), // subtitling_descriptor
                Arguments.of(0x06, descriptor(0x56, new byte[5]), "dvb_teletext", "data"), // teletext_descriptor
                Arguments.of(
                        0x06,
                        concat(descriptor(0x0A, "eng\0".getBytes()), descriptor(0x6A, new byte[1])),
                        "ac3",
                        "audio"), // language first, then AC-3
                Arguments.of(0x06, NONE, "unknown", "data"),
                Arguments.of(0x06, TsBytes.hex("6a05"), "unknown", "data"), // descriptor longer than the loop
                Arguments.of(0xC3, NONE, "unknown", "data"));
    }

    @ParameterizedTest(name = "stream_type 0x{0} {1} → {2}")
    @MethodSource("entries")
    void codecFromPmtEntry(int streamType, byte[] descriptors, String codec, String kind) {
        Codec c = StreamTypes.codec(streamType, descriptors, 0, descriptors.length, 0);
        assertThat(c.id).isEqualTo(codec);
        assertThat(c.kind.id).isEqualTo(kind);
    }
}
