package io.sluice.ts;

import java.util.Arrays;

/**
 * What a {@link TsSplicer} knows about one input: its PAT and the PMT of its first program (ISO/IEC 13818-1
 * §2.4.4.3, §2.4.4.8), learned continuously whether the input is active or not, and the PID map that puts its
 * packets onto the output's PIDs. Receive thread only (inside the splicer's accept). Objects are made only
 * when the tables change.
 */
final class SpliceInput {
    /** Elementary streams of one program considered; further entries of a PMT are ignored (dropped). */
    static final int MAX_STREAMS = 64;

    // Codes in {@link #map} below zero; zero and above is the output PID.
    /** The input's PAT (PID 0): replaced by the output's. */
    static final int MAP_PAT = -1;
    /** The input's PMT PID: replaced by the output's PMT. */
    static final int MAP_PMT = -2;
    /** Null packets (§2.4.3.3): forwarded unchanged, no continuity. */
    static final int MAP_NULL = -3;
    /** An elementary stream with no counterpart in the output: dropped, counted. */
    static final int MAP_UNMAPPED = -4;
    /** Anything else (other programs, SI of another service, unreferenced PIDs): dropped, counted. */
    static final int MAP_FOREIGN = -5;
    /**
     * A PCR-only PID of the input while the output's PCR_PID is an elementary stream: adaptation-only
     * packets move onto the output PCR_PID (they carry the PCR and do not advance its continuity_counter).
     */
    static final int MAP_PCR_ONLY = -6;

    static final int CLASS_VIDEO = 1;
    static final int CLASS_AUDIO = 2;

    final int id;

    private final Psi psi = new Psi();
    private final SectionAssembler pat = new SectionAssembler(TsPacket.PAT_PID, Psi.TABLE_PAT);
    /** Assembles the PMT of {@link #program}; null while the PAT names no program. */
    private SectionAssembler pmt;

    private final SectionAssembler.Sink sink = new Sink();

    // --- from the PAT ---
    int transportStreamId = -1;
    int patVersion;
    /** Entries of the PAT including the network_PID entry (program_number 0). */
    int patEntries;
    /** network_PID (program_number 0 in the PAT), or −1. */
    int networkPid = -1;
    /** The first program of the PAT (the one spliced) and its PMT PID; −1 before a PAT. */
    int program = -1;

    int pmtPid = -1;

    // --- from that program's PMT: the whole section as received, and its ES loop ---
    final byte[] pmtSection = new byte[SectionAssembler.MAX_SECTION];
    /** Bytes in {@link #pmtSection}; 0 while the PMT of {@link #program} is not known. */
    int pmtLength;

    int pcrPid = TsPacket.NULL_PID;
    int streams;
    final int[] esPid = new int[MAX_STREAMS];
    final int[] esType = new int[MAX_STREAMS];
    /** Kind and order class used to match streams (see {@link #streamClass}). */
    final int[] esClass = new int[MAX_STREAMS];
    /** Where the ES loop entry starts in {@link #pmtSection} (stream_type) and where its descriptors end. */
    final int[] esFrom = new int[MAX_STREAMS];

    final int[] esTo = new int[MAX_STREAMS];
    /** The first video stream: the one a keyframe-aligned switch waits on; −1 when there is none. */
    int videoPid = -1;

    Codec videoCodec;

    /** Incremented whenever the PAT or the spliced PMT changes: maps built for an older value are stale. */
    int generation;

    // --- the map onto the output, built by the splicer ---
    /** Output PID (≥ 0) or a MAP_ code, per input PID. */
    final int[] map = new int[TsPacket.PIDS];
    /** Output ES index each input ES is mapped onto, or −1. */
    final int[] target = new int[MAX_STREAMS];
    /** {@link #generation} and output-tables generation the map was built for; −1 = never. */
    int mapGeneration = -1;

    int mapTables = -1;
    /** The map is usable: the output tables and this input's PMT are known. */
    boolean mapReady;
    /** An ES PID whose PCRs are copied onto the output PCR_PID (its stream maps elsewhere), or −1. */
    int pcrCopyPid = -1;

    // --- keyframe watch while a switch to this input is armed ---
    /** A random_access_indicator arrived without a PES start: the next PES start is the access point. */
    boolean randomAccessPending;

    // --- damage, counted ---
    long crcErrors;
    long badSections;

    SpliceInput(int id) {
        this.id = id;
        Arrays.fill(map, MAP_FOREIGN);
    }

    /** Whether the PAT and the PMT of its first program are known. */
    boolean tablesKnown() {
        return pmtLength > 0;
    }

    /**
     * One TS packet of this input on PID 0 or {@link #pmtPid}, {@code b[0, 188)}: section reassembly
     * (§2.4.4.1) and, for whole sections with a correct CRC_32, the tables.
     */
    void learn(byte[] b, int pid) {
        int afc = TsPacket.adaptationFieldControl(b, 0);
        if ((afc & 0x1) == 0) return; // no payload
        int payload = 4;
        if ((afc & 0x2) != 0) {
            int afLength = b[4] & 0xFF;
            if (afLength > TsPacket.SIZE - 5) return;
            payload = 5 + afLength;
        }
        boolean unitStart = TsPacket.unitStart(b, 0);
        if (pid == TsPacket.PAT_PID) pat.push(b, payload, TsPacket.SIZE, unitStart, sink);
        else if (pmt != null && pid == pmtPid) pmt.push(b, payload, TsPacket.SIZE, unitStart, sink);
    }

    /** Index of the elementary stream on {@code pid}, or −1. */
    int streamIndex(int pid) {
        for (int i = 0; i < streams; i++) if (esPid[i] == pid) return i;
        return -1;
    }

    /**
     * Streams are matched by class and order: the n-th video stream of an input goes to the n-th video stream
     * of the output, likewise audio; data streams only to data streams of the same codec (SCTE-35 to
     * SCTE-35, KLV to KLV, …), and data of no known codec by stream_type.
     */
    static int streamClass(Codec codec, int streamType) {
        return switch (codec.kind) {
            case VIDEO -> CLASS_VIDEO;
            case AUDIO -> CLASS_AUDIO;
            case DATA -> codec == Codec.UNKNOWN ? 0x1000 | streamType : 0x100 | codec.ordinal();
        };
    }

    private void patChanged(int version) {
        Psi.Tables t = psi.tables();
        transportStreamId = t.transportStreamId();
        patVersion = version;
        patEntries = t.programs().size();
        networkPid = -1;
        int firstProgram = -1;
        int firstPmtPid = -1;
        for (int i = 0; i < t.programs().size(); i++) {
            Psi.PatEntry e = t.programs().get(i);
            if (e.programNumber() == 0) {
                networkPid = e.pmtPid();
            } else if (firstProgram < 0) {
                firstProgram = e.programNumber();
                firstPmtPid = e.pmtPid();
            }
        }
        if (firstProgram != program || firstPmtPid != pmtPid) {
            program = firstProgram;
            pmtPid = firstPmtPid;
            pmt = firstPmtPid < 0 ? null : new SectionAssembler(firstPmtPid, Psi.TABLE_PMT);
            forgetPmt();
        } else if (t.pmt(program) == null) {
            forgetPmt();
        }
        generation++;
    }

    private void forgetPmt() {
        pmtLength = 0;
        streams = 0;
        videoPid = -1;
        videoCodec = null;
        pcrPid = TsPacket.NULL_PID;
    }

    /** Keeps the PMT section of the spliced program and indexes its ES loop (the layout is in {@link Psi}). */
    private void pmtChanged(byte[] s, int length) {
        System.arraycopy(s, 0, pmtSection, 0, length);
        pmtLength = length;
        pcrPid = Psi.u13(s, 8);
        int end = length - 4; // CRC_32
        int p = 12 + Psi.u12(s, 10); // after program_info descriptors
        int registration = StreamTypes.registration(s, 12, p);
        streams = 0;
        videoPid = -1;
        videoCodec = null;
        while (p + 5 <= end && streams < MAX_STREAMS) {
            int type = s[p] & 0xFF;
            int to = p + 5 + Psi.u12(s, p + 3); // ES_info_length
            if (to > end) break; // Psi has refused such a section already
            Codec codec = StreamTypes.codec(type, s, p + 5, to, registration);
            int i = streams++;
            esPid[i] = Psi.u13(s, p + 1);
            esType[i] = type;
            esClass[i] = streamClass(codec, type);
            esFrom[i] = p;
            esTo[i] = to;
            if (videoPid < 0 && codec.kind == Codec.Kind.VIDEO) {
                videoPid = esPid[i];
                videoCodec = codec;
            }
            p = to;
        }
        generation++;
    }

    /** Whole PAT/PMT sections of this input. */
    private final class Sink implements SectionAssembler.Sink {
        @Override
        public void section(int pid, byte[] b, int length) {
            if (Crc32Mpeg2.compute(b, 0, length) != 0) {
                crcErrors++;
                return;
            }
            if (pid == TsPacket.PAT_PID) {
                if (psi.pat(b, length)) patChanged((b[5] >>> 1) & 0x1F);
                return;
            }
            int r = psi.pmt(pid, b, length);
            if (r < 0) {
                badSections++;
                return;
            }
            // Keep the section when it is the one in force for the spliced program and new to us (also when
            // the tables knew it already, e.g. the PAT went back to a program seen before).
            Psi.Pmt inForce = psi.tables().pmt(program);
            if (inForce != null
                    && inForce.pmtPid() == pid
                    && inForce.crc() == Psi.u32(b, length - 4)
                    && (r > 0 || pmtLength == 0)) {
                pmtChanged(b, length);
            }
        }

        @Override
        public void badSectionLength(int pid) {
            badSections++;
        }
    }
}
