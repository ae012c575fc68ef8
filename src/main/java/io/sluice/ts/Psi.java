package io.sluice.ts;

import java.util.ArrayList;
import java.util.List;

/**
 * The program tables: PAT (ISO/IEC 13818-1 §2.4.4.3) and PMTs (§2.4.4.8), parsed from whole sections whose
 * CRC has been checked. The tables in force are one immutable {@link Tables} value, replaced (allocated) only
 * when a section with new content arrives; a repeated section is recognised by its version and CRC_32 and
 * costs nothing. Receive thread only, except {@link Tables}, which is published by the analyzer.
 */
final class Psi {
    static final int TABLE_PAT = 0x00;
    static final int TABLE_PMT = 0x02;

    /** A program of the PAT; program_number 0 names the network PID and is not a program. */
    record PatEntry(int programNumber, int pmtPid) {}

    /** An elementary stream of a PMT. {@code descriptorChannels}: Opus channel count, else 0. */
    record EsEntry(int pid, int streamType, Codec codec, String language, int descriptorChannels) {}

    record Pmt(int programNumber, int pmtPid, int version, int pcrPid, List<EsEntry> streams, int crc) {}

    /** The tables in force. {@code transportStreamId} −1 before the first complete PAT. */
    record Tables(int transportStreamId, List<PatEntry> programs, List<Pmt> pmts) {
        static final Tables NONE = new Tables(-1, List.of(), List.of());

        /** PMT of {@code programNumber}, or null. */
        Pmt pmt(int programNumber) {
            for (int i = 0; i < pmts.size(); i++) {
                Pmt p = pmts.get(i);
                if (p.programNumber() == programNumber) return p;
            }
            return null;
        }

        boolean isPmtPid(int pid) {
            for (int i = 0; i < programs.size(); i++) {
                PatEntry e = programs.get(i);
                if (e.pmtPid() == pid && e.programNumber() != 0) return true;
            }
            return false;
        }

        /** The ES entry for {@code pid} in any PMT, or null. */
        EsEntry es(int pid) {
            for (int i = 0; i < pmts.size(); i++) {
                List<EsEntry> streams = pmts.get(i).streams();
                for (int j = 0; j < streams.size(); j++) {
                    if (streams.get(j).pid() == pid) return streams.get(j);
                }
            }
            return null;
        }
    }

    private Tables tables = Tables.NONE;

    // PAT sections being collected: one table may span sections 0..last_section_number (§2.4.4.3).
    private int patVersion = -1;
    private int patLast = -1;
    private int patTsId = -1;
    private final boolean[] patHave = new boolean[256];
    private final int[] patCrc = new int[256];
    private final PatEntry[][] patSections = new PatEntry[256][];

    Tables tables() {
        return tables;
    }

    /**
     * A PAT section (table_id 0x00): table_id(8) section_syntax_indicator(1) '0'(1) reserved(2)
     * section_length(12) transport_stream_id(16) reserved(2) version_number(5) current_next_indicator(1)
     * section_number(8) last_section_number(8) {program_number(16) reserved(3) PID(13)}* CRC_32(32).
     *
     * @return true when the tables changed
     */
    boolean pat(byte[] s, int length) {
        int tsId = u16(s, 3);
        int version = (s[5] >>> 1) & 0x1F;
        boolean current = (s[5] & 0x01) != 0;
        int section = s[6] & 0xFF;
        int last = s[7] & 0xFF;
        if (!current || section > last) return false; // not yet applicable, or malformed
        int crc = u32(s, length - 4);
        if (version == patVersion && last == patLast && tsId == patTsId && patHave[section] && patCrc[section] == crc) {
            return false; // a repetition
        }
        if (version != patVersion || last != patLast || tsId != patTsId) {
            java.util.Arrays.fill(patHave, false);
            patVersion = version;
            patLast = last;
            patTsId = tsId;
        }
        int count = (length - 12) / 4; // 8 header bytes, 4 per program, 4 CRC bytes
        PatEntry[] entries = new PatEntry[count];
        for (int i = 0; i < count; i++) {
            int p = 8 + 4 * i;
            entries[i] = new PatEntry(u16(s, p), u13(s, p + 2));
        }
        patSections[section] = entries;
        patHave[section] = true;
        patCrc[section] = crc;
        for (int i = 0; i <= last; i++) if (!patHave[i]) return false; // wait for the rest
        List<PatEntry> programs = new ArrayList<>();
        for (int i = 0; i <= last; i++) programs.addAll(List.of(patSections[i]));
        // PMTs of programs still in the PAT stay; the others go.
        List<Pmt> pmts = new ArrayList<>();
        for (Pmt p : tables.pmts()) {
            if (programs.contains(new PatEntry(p.programNumber(), p.pmtPid()))) pmts.add(p);
        }
        tables = new Tables(tsId, List.copyOf(programs), List.copyOf(pmts));
        return true;
    }

    /**
     * A PMT section (table_id 0x02) from {@code pid}: … program_number(16) reserved(2) version_number(5)
     * current_next_indicator(1) section_number(8) last_section_number(8) reserved(3) PCR_PID(13) reserved(4)
     * program_info_length(12) descriptors {stream_type(8) reserved(3) elementary_PID(13) reserved(4)
     * ES_info_length(12) descriptors}* CRC_32(32).
     *
     * @return 1 when the tables changed, 0 when nothing changed, −1 when the section's inner lengths do not fit
     */
    int pmt(int pid, byte[] s, int length) {
        int program = u16(s, 3);
        int version = (s[5] >>> 1) & 0x1F;
        boolean current = (s[5] & 0x01) != 0;
        if (!current || s[6] != 0) return 0; // not yet applicable, or not section 0 (a PMT has one section)
        if (!declared(program, pid)) return 0; // not a program the PAT puts on this PID
        int crc = u32(s, length - 4);
        Pmt old = tables.pmt(program);
        if (old != null && old.version() == version && old.crc() == crc && old.pmtPid() == pid) return 0;
        int end = length - 4; // CRC_32
        int pcrPid = u13(s, 8);
        int programInfoLength = u12(s, 10);
        int p = 12 + programInfoLength;
        if (p > end) return -1;
        int registration = StreamTypes.registration(s, 12, p);
        List<EsEntry> streams = new ArrayList<>();
        while (p + 5 <= end) {
            int streamType = s[p] & 0xFF;
            int esPid = u13(s, p + 1);
            int infoLength = u12(s, p + 3);
            int d = p + 5;
            if (d + infoLength > end) return -1;
            Codec codec = StreamTypes.codec(streamType, s, d, d + infoLength, registration);
            int channels = codec == Codec.OPUS ? StreamTypes.opusChannels(s, d, d + infoLength) : 0;
            streams.add(new EsEntry(esPid, streamType, codec, StreamTypes.language(s, d, d + infoLength), channels));
            p = d + infoLength;
        }
        Pmt pmt = new Pmt(program, pid, version, pcrPid, List.copyOf(streams), crc);
        List<Pmt> pmts = new ArrayList<>(tables.pmts());
        pmts.removeIf(x -> x.programNumber() == program);
        pmts.add(pmt);
        tables = new Tables(tables.transportStreamId(), tables.programs(), List.copyOf(pmts));
        return 1;
    }

    private boolean declared(int program, int pid) {
        List<PatEntry> programs = tables.programs();
        for (int i = 0; i < programs.size(); i++) {
            PatEntry e = programs.get(i);
            if (e.programNumber() == program && e.pmtPid() == pid) return true;
        }
        return false;
    }

    static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static int u13(byte[] b, int p) {
        return u16(b, p) & 0x1FFF;
    }

    static int u12(byte[] b, int p) {
        return u16(b, p) & 0x0FFF;
    }

    static int u32(byte[] b, int p) {
        return (u16(b, p) << 16) | u16(b, p + 2);
    }
}
