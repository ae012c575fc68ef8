package io.sluice.ts;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * Builds transport stream bytes for tests: bit-exact fields with a comment per field at the call site, PSI
 * sections with their CRC_32 (ISO/IEC 13818-1 §2.4.4), TS packets (§2.4.3.2), PES packets (§2.4.3.6), and
 * NAL units with emulation prevention (H.264 §7.4.1).
 */
final class TsBytes {
    private TsBytes() {}

    /** A bit writer: fields most significant bit first, as every table in these specs is written. */
    static class Bits<T extends Bits<T>> {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int acc;
        private int accBits;

        @SuppressWarnings("unchecked")
        private T self() {
            return (T) this;
        }

        T bits(long value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                acc = (acc << 1) | (int) ((value >>> i) & 1);
                if (++accBits == 8) {
                    out.write(acc);
                    acc = 0;
                    accBits = 0;
                }
            }
            return self();
        }

        T flag(boolean v) {
            return bits(v ? 1 : 0, 1);
        }

        T u8(int v) {
            return bits(v, 8);
        }

        T u16(int v) {
            return bits(v, 16);
        }

        T u32(long v) {
            return bits(v, 32);
        }

        T bytes(byte[] b) {
            for (byte x : b) u8(x & 0xFF);
            return self();
        }

        T hex(String h) {
            return bytes(HexFormat.of().parseHex(h));
        }

        /** ue(v): Exp-Golomb (H.264 §9.1). */
        T ue(long v) {
            long code = v + 1;
            int len = 64 - Long.numberOfLeadingZeros(code);
            bits(0, len - 1);
            return bits(code, len);
        }

        /** se(v): signed Exp-Golomb (H.264 §9.1.1). */
        T se(long v) {
            return ue(v > 0 ? 2 * v - 1 : -2 * v);
        }

        /** rbsp_trailing_bits(): a 1, then zeros to the byte boundary. */
        T trailing() {
            bits(1, 1);
            while (accBits != 0) bits(0, 1);
            return self();
        }

        byte[] written() {
            if (accBits != 0) throw new IllegalStateException(accBits + " bits short of a byte");
            return out.toByteArray();
        }
    }

    static final class Raw extends Bits<Raw> {
        byte[] build() {
            return written();
        }
    }

    static Raw bits() {
        return new Raw();
    }

    // ---- PSI sections ----

    /** A long-form PSI section (section_syntax_indicator 1) of {@code tableId}; the body comes from the caller. */
    static Section section(int tableId) {
        return new Section(tableId);
    }

    static final class Section extends Bits<Section> {
        private final int tableId;
        private int tableIdExtension = 1;
        private int version;
        private boolean current = true;
        private int sectionNumber;
        private int lastSectionNumber;
        private int lengthDelta;
        private boolean corruptCrc;

        Section(int tableId) {
            this.tableId = tableId;
        }

        /** transport_stream_id (PAT) or program_number (PMT). */
        Section tableIdExtension(int v) {
            tableIdExtension = v;
            return this;
        }

        Section version(int v) {
            version = v;
            return this;
        }

        Section notCurrent() {
            current = false;
            return this;
        }

        Section sectionNumber(int number, int last) {
            sectionNumber = number;
            lastSectionNumber = last;
            return this;
        }

        /** Writes a section_length this much larger (or smaller) than the truth. */
        Section lengthDelta(int delta) {
            lengthDelta = delta;
            return this;
        }

        Section corruptCrc() {
            corruptCrc = true;
            return this;
        }

        byte[] build() {
            byte[] body = written();
            Raw s = TsBytes.bits()
                    .u8(tableId) // table_id
                    .bits(1, 1) // section_syntax_indicator
                    .bits(0, 1) // '0'
                    .bits(0b11, 2) // reserved
                    .bits(5 + body.length + 4 + lengthDelta, 12) // section_length: from here to the end of CRC_32
                    .u16(tableIdExtension) // transport_stream_id / program_number
                    .bits(0b11, 2) // reserved
                    .bits(version, 5) // version_number
                    .flag(current) // current_next_indicator
                    .u8(sectionNumber) // section_number
                    .u8(lastSectionNumber) // last_section_number
                    .bytes(body);
            byte[] noCrc = s.build();
            int crc = Crc32Mpeg2.compute(noCrc, 0, noCrc.length);
            if (corruptCrc) crc ^= 1;
            return TsBytes.bits().bytes(noCrc).u32(crc & 0xFFFFFFFFL).build();
        }
    }

    /** A PAT (table_id 0x00) naming {@code pmtPid} as program {@code program}'s PMT. */
    static byte[] pat(int program, int pmtPid) {
        return section(Psi.TABLE_PAT)
                .u16(program) // program_number
                .bits(0b111, 3) // reserved
                .bits(pmtPid, 13) // program_map_PID
                .build();
    }

    /** A PMT (table_id 0x02) for {@code program} with PCR on {@code pcrPid} and the given ES loop. */
    static Section pmt(int program, int pcrPid) {
        return section(Psi.TABLE_PMT)
                .tableIdExtension(program) // program_number
                .bits(0b111, 3) // reserved
                .bits(pcrPid, 13) // PCR_PID
                .bits(0b1111, 4) // reserved
                .bits(0, 12); // program_info_length: no program descriptors
    }

    /** One ES loop entry of a PMT. */
    static byte[] es(int streamType, int pid, byte[] descriptors) {
        return bits().u8(streamType) // stream_type
                .bits(0b111, 3) // reserved
                .bits(pid, 13) // elementary_PID
                .bits(0b1111, 4) // reserved
                .bits(descriptors.length, 12) // ES_info_length
                .bytes(descriptors)
                .build();
    }

    static byte[] descriptor(int tag, byte[] body) {
        return bits().u8(tag).u8(body.length).bytes(body).build();
    }

    /** registration_descriptor (§2.6.8) with a four-character format_identifier. */
    static byte[] registration(String fourcc) {
        return descriptor(StreamTypes.TAG_REGISTRATION, fourcc.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    // ---- TS packets ----

    static Packet packet(int pid) {
        return new Packet(pid);
    }

    /** One 188-byte TS packet; a short payload is padded with adaptation-field stuffing, as muxers do. */
    static final class Packet {
        private final int pid;
        private boolean unitStart;
        private boolean transportError;
        private int cc;
        private byte[] payload = new byte[0];
        private boolean hasPayload = true;
        private boolean discontinuity;
        private boolean randomAccess;
        private Long pcrBase;
        private boolean forceAdaptation;

        Packet(int pid) {
            this.pid = pid;
        }

        Packet unitStart() {
            unitStart = true;
            return this;
        }

        Packet transportError() {
            transportError = true;
            return this;
        }

        Packet cc(int v) {
            cc = v & 0xF;
            return this;
        }

        /** Payload bytes, at most 184 (less with an adaptation field). */
        Packet payload(byte[] p) {
            payload = p;
            hasPayload = true;
            return this;
        }

        /** Payload filled with {@code fill}: a full packet's worth when there is no adaptation field. */
        Packet payloadOf(int fill) {
            byte[] p = new byte[184 - (adaptationNeeded() ? 2 + (pcrBase != null ? 6 : 0) : 0)];
            java.util.Arrays.fill(p, (byte) fill);
            return payload(p);
        }

        /** adaptation_field_control 10: adaptation field only, no payload. */
        Packet adaptationOnly() {
            hasPayload = false;
            forceAdaptation = true;
            return this;
        }

        Packet discontinuity() {
            discontinuity = true;
            forceAdaptation = true;
            return this;
        }

        Packet randomAccess() {
            randomAccess = true;
            forceAdaptation = true;
            return this;
        }

        /** A PCR with this 33-bit base (90 kHz) and extension 0. */
        Packet pcr(long base) {
            pcrBase = base;
            forceAdaptation = true;
            return this;
        }

        private boolean adaptationNeeded() {
            return forceAdaptation || discontinuity || pcrBase != null;
        }

        byte[] build() {
            boolean adaptation = adaptationNeeded() || (hasPayload && payload.length < 184);
            Raw p = TsBytes.bits()
                    .u8(0x47) // sync_byte
                    .flag(transportError) // transport_error_indicator
                    .flag(unitStart) // payload_unit_start_indicator
                    .bits(0, 1) // transport_priority
                    .bits(pid, 13) // PID
                    .bits(0, 2) // transport_scrambling_control: not scrambled
                    .bits((adaptation ? 2 : 0) | (hasPayload ? 1 : 0), 2) // adaptation_field_control
                    .bits(cc, 4); // continuity_counter
            if (adaptation) {
                int fieldLength = 183 - (hasPayload ? payload.length : 0); // adaptation_field_length
                if (fieldLength < 0) throw new IllegalArgumentException("payload too long: " + payload.length);
                p.u8(fieldLength);
                if (fieldLength > 0) {
                    int used = 1;
                    p.flag(discontinuity) // discontinuity_indicator
                            .flag(randomAccess) // random_access_indicator
                            .bits(0, 1) // elementary_stream_priority_indicator
                            .flag(pcrBase != null) // PCR_flag
                            .bits(0, 4); // OPCR, splicing_point, private_data, extension flags
                    if (pcrBase != null) {
                        p.bits(pcrBase, 33) // program_clock_reference_base, 90 kHz
                                .bits(0b111111, 6) // reserved
                                .bits(0, 9); // program_clock_reference_extension, 27 MHz
                        used += 6;
                    }
                    if (used > fieldLength) throw new IllegalArgumentException("payload too long for the field");
                    for (int i = used; i < fieldLength; i++) p.u8(0xFF); // stuffing_byte
                }
            }
            if (hasPayload) p.bytes(payload);
            byte[] b = p.build();
            if (b.length != TsPacket.SIZE) throw new IllegalStateException("packet of " + b.length + " bytes");
            return b;
        }
    }

    /**
     * A PSI section in as many packets as it needs: pointer_field 0 in the first, 0xFF stuffing after the end.
     */
    static byte[] psiPackets(int pid, byte[] section, int firstCc) {
        byte[] withPointer = concat(new byte[] {0}, section); // pointer_field: the section starts at once
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int cc = firstCc;
        for (int p = 0; p < withPointer.length; p += 184) {
            byte[] chunk = new byte[184];
            java.util.Arrays.fill(chunk, (byte) 0xFF);
            System.arraycopy(withPointer, p, chunk, 0, Math.min(184, withPointer.length - p));
            Packet pk = packet(pid).cc(cc++).payload(chunk);
            if (p == 0) pk.unitStart();
            out.writeBytes(pk.build());
        }
        return out.toByteArray();
    }

    /** A PES packet (§2.4.3.6) with a PTS and, when {@code dts >= 0}, a DTS; PES_packet_length 0 (video style). */
    static byte[] pes(int streamId, long pts, long dts, byte[] es) {
        boolean withDts = dts >= 0;
        Raw p = bits().bits(0x000001, 24) // packet_start_code_prefix
                .u8(streamId) // stream_id
                .u16(0) // PES_packet_length: unbounded
                .bits(0b10, 2) // '10'
                .bits(0, 2) // PES_scrambling_control
                .bits(0, 1) // PES_priority
                .bits(1, 1) // data_alignment_indicator
                .bits(0, 2) // copyright, original_or_copy
                .bits(withDts ? 0b11 : 0b10, 2) // PTS_DTS_flags
                .bits(0, 6) // ESCR, ES_rate, DSM_trick_mode, additional_copy_info, PES_CRC, extension flags
                .u8(withDts ? 10 : 5); // PES_header_data_length
        timestamp(p, withDts ? 0b0011 : 0b0010, pts);
        if (withDts) timestamp(p, 0b0001, dts);
        return p.bytes(es).build();
    }

    private static void timestamp(Raw p, int prefix, long t) {
        p.bits(prefix, 4) // '0010' PTS only, '0011' PTS of PTS+DTS, '0001' DTS
                .bits(t >>> 30, 3) // [32..30]
                .bits(1, 1) // marker_bit
                .bits(t >>> 15, 15) // [29..15]
                .bits(1, 1) // marker_bit
                .bits(t, 15) // [14..0]
                .bits(1, 1); // marker_bit
    }

    /** A PES packet in TS packets: unit start on the first, adaptation stuffing in the last. */
    static byte[] pesPackets(int pid, byte[] pes, int firstCc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int cc = firstCc;
        for (int p = 0; p < pes.length; p += 184) {
            byte[] chunk = java.util.Arrays.copyOfRange(pes, p, Math.min(pes.length, p + 184));
            Packet pk = packet(pid).cc(cc++).payload(chunk);
            if (p == 0) pk.unitStart();
            out.writeBytes(pk.build());
        }
        return out.toByteArray();
    }

    /** A NAL unit with start code: emulation prevention (0x03 after 0x0000 before 0x00–0x03) applied to {@code rbsp}. */
    static byte[] nal(byte[] rbsp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 1}); // start code
        int zeros = 0;
        for (byte b : rbsp) {
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                out.write(3); // emulation_prevention_three_byte
                zeros = 0;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }
}
