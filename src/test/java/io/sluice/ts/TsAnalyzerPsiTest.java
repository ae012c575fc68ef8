package io.sluice.ts;

import static io.sluice.ts.TsBytes.concat;
import static io.sluice.ts.TsBytes.es;
import static io.sluice.ts.TsBytes.packet;
import static io.sluice.ts.TsBytes.psiPackets;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PAT and PMT (ISO/IEC 13818-1 §2.4.4): reassembly, pointer_field, CRC, versions, damage. */
class TsAnalyzerPsiTest {
    static final int PMT_PID = 0x1000;
    static final byte[] NONE = new byte[0];

    static byte[] pmt(int version, byte[]... streams) {
        return TsBytes.pmt(1, 0x100).version(version).bytes(concat(streams)).build();
    }

    @Test
    void patAndPmtGiveProgramsAndStreams() {
        byte[] ts = concat(
                psiPackets(0, TsBytes.pat(1, PMT_PID), 0),
                psiPackets(PMT_PID, pmt(0, es(0x1B, 0x100, NONE), es(0x0F, 0x101, NONE)), 0));
        MediaSnapshot s = Feed.all(ts).snapshot(0);
        assertThat(s.transportStreamId()).isEqualTo(1);
        assertThat(s.programs()).containsExactly(new ProgramInfo(1, PMT_PID, 0x100, 0));
        assertThat(s.streams())
                .extracting(StreamInfo::pid, StreamInfo::kind, StreamInfo::codec, StreamInfo::streamType)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0x100, "video", "h264", 0x1B),
                        org.assertj.core.groups.Tuple.tuple(0x101, "audio", "aac", 0x0F));
        assertThat(s.pids())
                .extracting(PidInfo::pid, PidInfo::use)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(0, "pat"),
                        org.assertj.core.groups.Tuple.tuple(PMT_PID, "pmt"));
    }

    @Test
    void aPmtSpanningThreePacketsIsReassembled() {
        byte[][] streams = new byte[40][];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = es(0x0F, 0x200 + i, TsBytes.descriptor(0x0A, "eng\0".getBytes())); // 5 + 6 bytes each
        }
        byte[] section = pmt(0, streams);
        assertThat(section.length).isGreaterThan(2 * 183);
        byte[] packets = psiPackets(PMT_PID, section, 0);
        assertThat(packets.length).isEqualTo(3 * 188);
        MediaSnapshot s = Feed.all(concat(psiPackets(0, TsBytes.pat(1, PMT_PID), 0), packets))
                .snapshot(0);
        assertThat(s.streams()).hasSize(40);
        assertThat(s.streams().get(39).language()).isEqualTo("eng");
    }

    @Test
    void pointerFieldSkipsTheTailOfASectionWeJoinedLate() {
        // Packet 1: pointer_field 5, five bytes of an earlier section's tail, then the PAT.
        byte[] pat = TsBytes.pat(1, PMT_PID);
        byte[] payload = new byte[184];
        Arrays.fill(payload, (byte) 0xFF);
        payload[0] = 5; // pointer_field
        System.arraycopy(new byte[] {1, 2, 3, 4, 5}, 0, payload, 1, 5); // tail of a section we never saw
        System.arraycopy(pat, 0, payload, 6, pat.length);
        MediaSnapshot s =
                Feed.all(packet(0).unitStart().payload(payload).build()).snapshot(0);
        assertThat(s.programs()).hasSize(1);
        assertThat(s.errors().badSectionLengths()).isZero();
    }

    @Test
    void aSectionEndingInAPacketWhereTheNextBeginsUsesThePointerField() {
        // The PMT (version 0) spans two packets; the second packet finishes it and starts version 1.
        byte[] v0 = pmt(0, es(0x1B, 0x100, NONE), es(0x03, 0x101, new byte[200]));
        byte[] v1 = pmt(1, es(0x24, 0x100, NONE));
        byte[] first = new byte[184];
        first[0] = 0; // pointer_field
        System.arraycopy(v0, 0, first, 1, 183);
        int rest = v0.length - 183;
        byte[] second = new byte[184];
        Arrays.fill(second, (byte) 0xFF);
        second[0] = (byte) rest; // pointer_field: bytes finishing v0
        System.arraycopy(v0, 183, second, 1, rest);
        System.arraycopy(v1, 0, second, 1 + rest, v1.length);
        byte[] ts = concat(
                psiPackets(0, TsBytes.pat(1, PMT_PID), 0),
                packet(PMT_PID).unitStart().cc(0).payload(first).build(),
                packet(PMT_PID).unitStart().cc(1).payload(second).build());
        MediaSnapshot s = Feed.all(ts).snapshot(0);
        assertThat(s.streams()).extracting(StreamInfo::codec).containsExactly("hevc");
        assertThat(s.programs().get(0).pmtVersion()).isEqualTo(1);
        assertThat(s.errors().badSectionLengths()).isZero();
    }

    @Test
    void aNewPmtVersionUpdatesTheStreams() {
        byte[] ts = concat(
                psiPackets(0, TsBytes.pat(1, PMT_PID), 0),
                psiPackets(PMT_PID, pmt(0, es(0x1B, 0x100, NONE), es(0x0F, 0x101, NONE)), 0),
                psiPackets(PMT_PID, pmt(0, es(0x1B, 0x100, NONE), es(0x0F, 0x101, NONE)), 1),
                psiPackets(PMT_PID, pmt(1, es(0x24, 0x100, NONE), es(0x81, 0x102, NONE)), 2));
        MediaSnapshot s = Feed.all(ts).snapshot(0);
        assertThat(s.streams())
                .extracting(StreamInfo::pid, StreamInfo::codec)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0x100, "hevc"),
                        org.assertj.core.groups.Tuple.tuple(0x102, "ac3"));
        assertThat(s.programs().get(0).pmtVersion()).isEqualTo(1);
        assertThat(s.pids())
                .filteredOn(p -> p.pid() == 0x101)
                .extracting(PidInfo::use)
                .containsExactly("unreferenced");
    }

    @Test
    void aPatWithANewVersionMovesThePmt() {
        byte[] ts = concat(
                psiPackets(0, TsBytes.pat(1, PMT_PID), 0),
                psiPackets(PMT_PID, pmt(0, es(0x1B, 0x100, NONE)), 0),
                psiPackets(
                        0,
                        TsBytes.section(0)
                                .version(1)
                                .u16(2)
                                .bits(0b111, 3)
                                .bits(0x1100, 13)
                                .build(),
                        1),
                psiPackets(
                        0x1100,
                        TsBytes.pmt(2, 0x200).bytes(es(0x02, 0x200, NONE)).build(),
                        0));
        MediaSnapshot s = Feed.all(ts).snapshot(0);
        assertThat(s.programs()).containsExactly(new ProgramInfo(2, 0x1100, 0x200, 0));
        assertThat(s.streams()).extracting(StreamInfo::codec).containsExactly("mpeg2video");
    }

    @Test
    void aPatInTwoSectionsIsUsedOnceBothArrived() {
        byte[] s0 = TsBytes.section(0)
                .sectionNumber(0, 1)
                .u16(1)
                .bits(0b111, 3)
                .bits(0x1000, 13)
                .build();
        byte[] s1 = TsBytes.section(0)
                .sectionNumber(1, 1)
                .u16(2)
                .bits(0b111, 3)
                .bits(0x1001, 13)
                .build();
        TsAnalyzer a = new TsAnalyzer();
        a.accept(java.nio.ByteBuffer.wrap(psiPackets(0, s0, 0)), 0, 188, 0);
        assertThat(a.snapshot(0).programs()).isEmpty();
        a.accept(java.nio.ByteBuffer.wrap(psiPackets(0, s1, 1)), 0, 188, 0);
        assertThat(a.snapshot(0).programs())
                .extracting(ProgramInfo::programNumber)
                .containsExactly(1, 2);
    }

    @Test
    void aWrongCrcIsCountedAndTheSectionIgnored() {
        byte[] ts = concat(psiPackets(
                0,
                TsBytes.section(0)
                        .u16(1)
                        .bits(0b111, 3)
                        .bits(PMT_PID, 13)
                        .corruptCrc()
                        .build(),
                0));
        MediaSnapshot s = Feed.all(ts).snapshot(0);
        assertThat(s.errors().crcErrors()).isEqualTo(1);
        assertThat(s.programs()).isEmpty();
    }

    @Test
    void aPmtForAProgramThePatDoesNotNameIsIgnored() {
        byte[] ts = concat(
                psiPackets(0, TsBytes.pat(1, PMT_PID), 0),
                psiPackets(
                        PMT_PID,
                        TsBytes.pmt(7, 0x100).bytes(es(0x1B, 0x100, NONE)).build(),
                        0));
        assertThat(Feed.all(ts).snapshot(0).streams()).isEmpty();
    }

    @Test
    void aSectionLengthBeyondTheLimitIsCounted() {
        // section_length 0x3FE > 1021 (the first two bits must be 00 and the section fit in 1024 bytes).
        byte[] payload = new byte[184];
        Arrays.fill(payload, (byte) 0xFF);
        byte[] header = TsBytes.bits()
                .u8(0) // pointer_field
                .u8(0x00) // table_id: PAT
                .bits(0b1011, 4) // section_syntax_indicator, '0', reserved
                .bits(0x3FE, 12) // section_length: too long
                .build();
        System.arraycopy(header, 0, payload, 0, header.length);
        MediaSnapshot s =
                Feed.all(packet(0).unitStart().payload(payload).build()).snapshot(0);
        assertThat(s.errors().badSectionLengths()).isEqualTo(1);
    }

    @Test
    void aSectionLongerThanItsDataIsCountedWhenTheNextStarts() {
        // section_length claims 20 bytes more than there are; the next PAT's start cuts it short.
        byte[] lying = TsBytes.section(0)
                .u16(1)
                .bits(0b111, 3)
                .bits(PMT_PID, 13)
                .lengthDelta(200)
                .build();
        byte[] ts = concat(psiPackets(0, lying, 0), psiPackets(0, TsBytes.pat(1, PMT_PID), 1));
        MediaSnapshot s = Feed.all(ts).snapshot(0);
        assertThat(s.errors().badSectionLengths()).isEqualTo(1);
        assertThat(s.programs()).hasSize(1); // the good PAT after it still counts
    }

    @Test
    void aPointerFieldPastThePacketIsCounted() {
        byte[] payload = new byte[184];
        Arrays.fill(payload, (byte) 0xFF);
        payload[0] = (byte) 190; // pointer_field past the end
        MediaSnapshot s =
                Feed.all(packet(0).unitStart().payload(payload).build()).snapshot(0);
        assertThat(s.errors().badSectionLengths()).isEqualTo(1);
    }

    @Test
    void aContinuityErrorDropsTheSectionInProgress() {
        byte[][] streams = new byte[40][];
        for (int i = 0; i < streams.length; i++) streams[i] = es(0x0F, 0x200 + i, new byte[6]); // 3 packets
        byte[] packets = psiPackets(PMT_PID, pmt(0, streams), 0);
        byte[] withoutMiddle = concat(Arrays.copyOfRange(packets, 0, 188), Arrays.copyOfRange(packets, 376, 564));
        MediaSnapshot s = Feed.all(concat(psiPackets(0, TsBytes.pat(1, PMT_PID), 0), withoutMiddle))
                .snapshot(0);
        assertThat(s.continuityErrors()).isEqualTo(1);
        assertThat(s.streams()).isEmpty();
        assertThat(s.errors().crcErrors()).isZero();
    }
}
