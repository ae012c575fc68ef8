package io.sluice.ts;

import static io.sluice.ts.TsBytes.packet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Continuity counting exactly as ISO/IEC 13818-1 §2.4.3.3 defines it. */
class TsAnalyzerContinuityTest {
    static final int PID = 0x100;

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("counters in order, wrapping 15 → 0", 0, List.of(p(14), p(15), p(0), p(1))),
                Arguments.of("the first packet of a PID may have any counter", 0, List.of(p(9), p(10))),
                Arguments.of("one payload packet missing", 1, List.of(p(0), p(1), p(3), p(4))),
                Arguments.of("three packets missing in one gap", 1, List.of(p(0), p(4), p(5))),
                Arguments.of("a jump backwards", 1, List.of(p(5), p(6), p(2), p(3))),
                Arguments.of("one exact duplicate", 0, List.of(p(0), p(1), p(1), p(2))),
                Arguments.of("a second duplicate (three copies)", 1, List.of(p(0), p(1), p(1), p(1), p(2))),
                Arguments.of(
                        "same counter, different content",
                        1,
                        List.of(p(0), p(1), packet(PID).cc(1).payloadOf(0x22).build(), p(2))),
                Arguments.of(
                        "a duplicate may carry a new PCR value",
                        0,
                        List.of(
                                p(0),
                                packet(PID).cc(1).pcr(1000).payloadOf(0x11).build(),
                                packet(PID).cc(1).pcr(1300).payloadOf(0x11).build(),
                                p(2))),
                Arguments.of(
                        "adaptation-only packets do not advance the counter",
                        0,
                        List.of(p(0), adaptationOnly(0), p(1), adaptationOnly(1), adaptationOnly(1), p(2))),
                Arguments.of(
                        "an adaptation-only packet's counter is not checked",
                        0,
                        List.of(p(0), adaptationOnly(9), p(1))),
                Arguments.of(
                        "discontinuity_indicator allows any counter",
                        0,
                        List.of(
                                p(0),
                                p(1),
                                packet(PID)
                                        .cc(7)
                                        .discontinuity()
                                        .payloadOf(0x11)
                                        .build(),
                                p(8))),
                Arguments.of(
                        "counting resumes after a discontinuity_indicator",
                        1,
                        List.of(
                                p(0),
                                packet(PID)
                                        .cc(7)
                                        .discontinuity()
                                        .payloadOf(0x11)
                                        .build(),
                                p(9))),
                Arguments.of(
                        "null packets are ignored whatever their counter",
                        0,
                        List.of(p(0), nul(5), nul(5), nul(0), p(1))),
                Arguments.of(
                        "a packet with transport_error_indicator is ignored (so its loss shows)",
                        1,
                        List.of(
                                p(0),
                                packet(PID)
                                        .cc(1)
                                        .transportError()
                                        .payloadOf(0x11)
                                        .build(),
                                p(2))),
                Arguments.of(
                        "separate PIDs count separately",
                        0,
                        List.of(
                                p(0),
                                packet(0x101).cc(9).payloadOf(1).build(),
                                p(1),
                                packet(0x101).cc(10).payloadOf(1).build())));
    }

    @ParameterizedTest(name = "{0}: {1} errors")
    @MethodSource("sequences")
    void countsContinuityErrors(String description, int errors, List<byte[]> packets) {
        byte[] ts = TsBytes.concat(packets.toArray(byte[][]::new));
        MediaSnapshot s = Feed.all(ts).snapshot(0);
        assertThat(s.continuityErrors()).as(description).isEqualTo(errors);
        long perPid = s.pids().stream().mapToLong(PidInfo::continuityErrors).sum();
        assertThat(perPid).isEqualTo(errors);
    }

    @Test
    void nPacketsRemovedAtSeparatePlacesAreNErrors() {
        // 3 PIDs interleaved, 2000 packets; remove 37 payload-carrying packets at least 20 apart.
        java.util.List<byte[]> all = new java.util.ArrayList<>();
        int[] cc = new int[3];
        for (int i = 0; i < 2000; i++) {
            int k = i % 3;
            all.add(packet(0x200 + k).cc(cc[k]++).payloadOf(i).build());
        }
        java.util.Random random = new java.util.Random(7);
        java.util.Set<Integer> removed = new java.util.TreeSet<>();
        for (int pos = 10; removed.size() < 37; pos += 20 + random.nextInt(30)) removed.add(pos);
        java.util.List<byte[]> kept = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i++) if (!removed.contains(i)) kept.add(all.get(i));
        MediaSnapshot s = Feed.all(TsBytes.concat(kept.toArray(byte[][]::new))).snapshot(0);
        assertThat(s.continuityErrors()).isEqualTo(37);
    }

    @Test
    void aDuplicateIsNotAnalysedTwice() {
        // PAT twice in a row with the same counter: one PAT, no error, no bad section.
        byte[] pat = TsBytes.psiPackets(0, TsBytes.pat(1, 0x1000), 0);
        MediaSnapshot s = Feed.all(TsBytes.concat(pat, pat)).snapshot(0);
        assertThat(s.continuityErrors()).isZero();
        assertThat(s.programs()).hasSize(1);
        assertThat(s.errors().badSectionLengths()).isZero();
    }

    private static byte[] p(int cc) {
        return packet(PID).cc(cc).payloadOf(0x10 + cc).build();
    }

    private static byte[] adaptationOnly(int cc) {
        return packet(PID).cc(cc).adaptationOnly().build();
    }

    private static byte[] nul(int cc) {
        return packet(TsPacket.NULL_PID).cc(cc).payloadOf(0xFF).build();
    }
}
