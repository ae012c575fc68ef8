package io.sluice.ts;

/**
 * The output's identity, frozen at the first switch from the input that was active until then: its
 * transport_stream_id and program (PAT, ISO/IEC 13818-1 §2.4.4.3), and its PMT (§2.4.4.8: PMT PID, PCR_PID,
 * elementary PIDs, stream types, descriptors) as the section it sent. Also the output's PAT and PMT as ready
 * TS packets (continuity_counter 0: the splicer sets it when it sends them).
 *
 * <p>The output PMT is the first input's section, byte for byte, until an input mapped onto it carries a
 * stream of another stream_type (HEVC where the first had H.264, say): then that entry takes the input's
 * stream_type and ES descriptors (they describe the codec) and the section gets the next version_number.
 * Receive thread only; allocates only when made.
 */
final class SpliceOutput {
    /** A PAT or PMT section after its pointer_field fits in this many TS packets (1 + 1021 ≤ 6 × 184). */
    static final int MAX_PSI_PACKETS = 6;

    private static final int PAYLOAD = TsPacket.SIZE - 4;

    /** The input the identity was taken from. */
    final int source;

    final int transportStreamId;
    final int program;
    final int pmtPid;
    /** PCR_PID of the output (0x1FFF: none). */
    final int pcrPid;

    final int streams;
    final int[] esPid;
    final int[] esType;
    final int[] esClass;
    final boolean hasVideo;
    /** PIDs the output uses for its own program: PAT, PMT, elementary streams, PCR. */
    final boolean[] owned = new boolean[TsPacket.PIDS];

    /** The output PAT, one packet. */
    final byte[] patPacket = new byte[TsPacket.SIZE];
    /** The output PMT, {@link #pmtPackets} packets. */
    final byte[] pmtPacket = new byte[MAX_PSI_PACKETS * TsPacket.SIZE];

    int pmtPackets;
    int pmtVersion;

    private final byte[] identity;
    private final int[] esFrom;
    private final int[] esTo;
    /** End of program_info descriptors in {@link #identity}: where the ES loop starts. */
    private final int loopStart;

    private final byte[] pmt = new byte[SectionAssembler.MAX_SECTION];
    private int pmtLength;
    private final byte[] candidate = new byte[SectionAssembler.MAX_SECTION];

    /** From an input whose tables are known ({@link SpliceInput#tablesKnown()}). */
    SpliceOutput(SpliceInput in) {
        source = in.id;
        transportStreamId = in.transportStreamId;
        program = in.program;
        pmtPid = in.pmtPid;
        pcrPid = in.pcrPid;
        streams = in.streams;
        esPid = in.esPid.clone();
        esType = in.esType.clone();
        esClass = in.esClass.clone();
        esFrom = in.esFrom.clone();
        esTo = in.esTo.clone();
        identity = java.util.Arrays.copyOf(in.pmtSection, in.pmtLength);
        loopStart = 12 + Psi.u12(identity, 10);
        boolean video = false;
        for (int i = 0; i < streams; i++) {
            owned[esPid[i]] = true;
            video |= esClass[i] == SpliceInput.CLASS_VIDEO;
        }
        hasVideo = video;
        owned[TsPacket.PAT_PID] = true;
        owned[pmtPid] = true;
        owned[pcrPid] = pcrPid != TsPacket.NULL_PID;

        // The PAT: the network_PID entry if the first input had one, and the spliced program. Same
        // version_number when that is all the first input's PAT held, the next one when programs were left out.
        boolean network = in.networkPid >= 0;
        int entries = network ? 2 : 1;
        int version = in.patEntries == entries ? in.patVersion : (in.patVersion + 1) & 0x1F;
        byte[] pat = new byte[8 + 4 * entries + 4];
        int sectionLength = pat.length - 3;
        pat[0] = Psi.TABLE_PAT; // table_id
        pat[1] = (byte) (0xB0 | sectionLength >>> 8); // section_syntax_indicator 1, '0', reserved 11, length
        pat[2] = (byte) sectionLength;
        pat[3] = (byte) (transportStreamId >>> 8); // transport_stream_id
        pat[4] = (byte) transportStreamId;
        pat[5] = (byte) (0xC0 | version << 1 | 1); // reserved 11, version_number, current_next_indicator 1
        pat[6] = 0; // section_number
        pat[7] = 0; // last_section_number
        int p = 8;
        if (network) p = patEntry(pat, p, 0, in.networkPid); // program_number 0: network_PID
        patEntry(pat, p, program, pmtPid);
        crc(pat, pat.length);
        packetize(pat, pat.length, TsPacket.PAT_PID, patPacket);

        System.arraycopy(identity, 0, pmt, 0, identity.length);
        pmtLength = identity.length;
        pmtVersion = (identity[5] >>> 1) & 0x1F;
        pmtPackets = packetize(pmt, pmtLength, pmtPid, pmtPacket);
    }

    boolean isStream(int pid) {
        for (int i = 0; i < streams; i++) if (esPid[i] == pid) return true;
        return false;
    }

    /**
     * Makes the output PMT describe what {@code in} (mapped, {@link SpliceInput#target}) carries: entries whose
     * stream_type differs take the input's stream_type and descriptors. Returns true when that changed the
     * section (it then has the next version_number). Allocates nothing.
     */
    boolean follow(SpliceInput in) {
        byte[] c = candidate;
        System.arraycopy(identity, 0, c, 0, loopStart); // header, PCR_PID, program_info descriptors
        int p = loopStart;
        for (int k = 0; k < streams; k++) {
            int i = sourceOf(in, k);
            int from = i < 0 ? -1 : in.esFrom[i];
            int infoLength = i < 0 ? 0 : in.esTo[i] - from - 5;
            if (i >= 0 && in.esType[i] != esType[k] && p + 5 + infoLength + 4 <= c.length) {
                c[p] = (byte) in.esType[i]; // stream_type
                c[p + 1] = (byte) ((identity[esFrom[k] + 1] & 0xE0) | esPid[k] >>> 8); // reserved, elementary_PID
                c[p + 2] = (byte) esPid[k];
                c[p + 3] = (byte) (0xF0 | infoLength >>> 8); // reserved, ES_info_length
                c[p + 4] = (byte) infoLength;
                System.arraycopy(in.pmtSection, from + 5, c, p + 5, infoLength);
                p += 5 + infoLength;
            } else {
                int n = esTo[k] - esFrom[k];
                if (p + n + 4 > c.length) break;
                System.arraycopy(identity, esFrom[k], c, p, n);
                p += n;
            }
        }
        int length = p + 4;
        int sectionLength = length - 3;
        c[1] = (byte) ((identity[1] & 0xF0) | sectionLength >>> 8);
        c[2] = (byte) sectionLength;
        c[5] = (byte) ((identity[5] & 0xC1) | pmtVersion << 1);
        if (length == pmtLength && java.util.Arrays.equals(c, 0, p, pmt, 0, p)) return false;
        pmtVersion = (pmtVersion + 1) & 0x1F;
        c[5] = (byte) ((identity[5] & 0xC1) | pmtVersion << 1);
        crc(c, length);
        System.arraycopy(c, 0, pmt, 0, length);
        pmtLength = length;
        pmtPackets = packetize(pmt, pmtLength, pmtPid, pmtPacket);
        return true;
    }

    private static int sourceOf(SpliceInput in, int k) {
        for (int i = 0; i < in.streams; i++) if (in.target[i] == k) return i;
        return -1;
    }

    /** program_number(16) reserved(3) program_map_PID or network_PID(13). */
    private static int patEntry(byte[] s, int p, int number, int pid) {
        s[p] = (byte) (number >>> 8);
        s[p + 1] = (byte) number;
        s[p + 2] = (byte) (0xE0 | pid >>> 8);
        s[p + 3] = (byte) pid;
        return p + 4;
    }

    /** Writes CRC_32 (Annex A) over {@code s[0, length − 4)} into its last four bytes. */
    private static void crc(byte[] s, int length) {
        int crc = Crc32Mpeg2.compute(s, 0, length - 4);
        s[length - 4] = (byte) (crc >>> 24);
        s[length - 3] = (byte) (crc >>> 16);
        s[length - 2] = (byte) (crc >>> 8);
        s[length - 1] = (byte) crc;
    }

    /**
     * A section in TS packets (§2.4.4.1): payload_unit_start_indicator and pointer_field 0 in the first,
     * 0xFF stuffing after the section. Returns the packets written.
     */
    private static int packetize(byte[] section, int length, int pid, byte[] out) {
        int packets = (1 + length + PAYLOAD - 1) / PAYLOAD;
        java.util.Arrays.fill(out, 0, packets * TsPacket.SIZE, (byte) 0xFF);
        int s = -1; // section byte for the next payload byte; −1 is the pointer_field
        for (int k = 0; k < packets; k++) {
            int p = k * TsPacket.SIZE;
            out[p] = TsPacket.SYNC;
            // transport_error_indicator 0, payload_unit_start_indicator, transport_priority 0, PID
            out[p + 1] = (byte) ((k == 0 ? 0x40 : 0) | pid >>> 8);
            out[p + 2] = (byte) pid;
            out[p + 3] = 0x10; // not scrambled, adaptation_field_control 01 (payload only), continuity_counter 0
            int q = p + 4;
            if (s < 0) {
                out[q++] = 0; // pointer_field: the section starts at once
                s = 0;
            }
            int n = Math.min(p + TsPacket.SIZE - q, length - s);
            System.arraycopy(section, s, out, q, n);
            s += n;
        }
        return packets;
    }
}
