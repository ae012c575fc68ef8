package io.sluice.ts;

/**
 * Reassembles PSI sections of one PID from TS packet payloads (ISO/IEC 13818-1 §2.4.4.1–2): a packet with
 * payload_unit_start_indicator = 1 begins with a pointer_field that counts the bytes finishing the previous
 * section before the first new one; sections may span packets and several may share one; 0xFF after a
 * section is stuffing to the end of the packet.
 *
 * <p>Only sections of {@link #tableId} are kept (in a fixed buffer of 1024 bytes, the largest PAT or PMT:
 * 3 + section_length ≤ 1021); others on the same PID are skipped by their length. Receive thread only;
 * allocates nothing after construction.
 */
final class SectionAssembler {
    /** Largest PAT/PMT section: section_length ≤ 0x3FD (§2.4.4.3, §2.4.4.8), plus 3 header bytes. */
    static final int MAX_SECTION = 1024;
    /** Smallest PAT/PMT section_length: 5 bytes after it up to the loop + CRC_32. */
    static final int MIN_SECTION_LENGTH = 9;

    /** Where whole sections and damage go. */
    interface Sink {
        /** A complete section of the wanted table, {@code b[0, length)}, CRC not yet checked. */
        void section(int pid, byte[] b, int length);

        /** A section_length that cannot be, or a section cut short by the next one's start. */
        void badSectionLength(int pid);
    }

    final int pid;
    /** table_id kept: 0x00 (PAT) on PID 0, 0x02 (PMT) on PMT PIDs. */
    final int tableId;

    private final byte[] buf = new byte[MAX_SECTION];
    /** Inside a section: bytes of it seen so far (kept only when {@link #keep}). */
    private boolean active;

    private int have;
    /** 3 + section_length, or −1 until the 3 header bytes are in. */
    private int total = -1;

    private boolean keep;

    SectionAssembler(int pid, int tableId) {
        this.pid = pid;
        this.tableId = tableId;
    }

    /** Forgets a section in progress: its bytes were lost (continuity error). */
    void reset() {
        active = false;
        have = 0;
        total = -1;
    }

    /** Payload {@code b[from, to)} of one TS packet of this PID. */
    void push(byte[] b, int from, int to, boolean unitStart, Sink sink) {
        int p = from;
        if (!unitStart) {
            if (active) feed(b, p, to, sink); // what follows a section ending here is stuffing
            return;
        }
        if (p >= to) {
            reset();
            return;
        }
        int pointer = b[p++] & 0xFF; // pointer_field, bytes
        if (pointer > to - p) { // points past the packet
            reset();
            sink.badSectionLength(pid);
            return;
        }
        if (active) {
            feed(b, p, p + pointer, sink);
            if (active) { // the bytes before the next section did not complete this one
                reset();
                sink.badSectionLength(pid);
            }
        }
        p += pointer;
        while (p < to && (b[p] & 0xFF) != 0xFF) { // 0xFF: stuffing, or table_id 0xFF (forbidden)
            active = true;
            have = 0;
            total = -1;
            p = feed(b, p, to, sink);
            if (active || p < 0) return; // continues in the next packet, or damaged
        }
    }

    /** Adds {@code b[p, end)} to the current section; returns where it stopped, or −1 after damage. */
    private int feed(byte[] b, int p, int end, Sink sink) {
        while (p < end && active) {
            if (total < 0) {
                buf[have++] = b[p++];
                if (have < 3) continue;
                int id = buf[0] & 0xFF;
                int sectionLength = ((buf[1] & 0x0F) << 8) | (buf[2] & 0xFF);
                keep = id == tableId;
                if (keep
                        && ((buf[1] & 0x80) == 0 // section_syntax_indicator must be 1
                                || (buf[1] & 0x0C) != 0 // first two bits of section_length must be 00
                                || sectionLength > MAX_SECTION - 3
                                || sectionLength < MIN_SECTION_LENGTH)) {
                    reset();
                    sink.badSectionLength(pid);
                    return -1;
                }
                total = 3 + sectionLength;
            } else {
                int n = Math.min(end - p, total - have);
                if (keep) System.arraycopy(b, p, buf, have, n);
                have += n;
                p += n;
                if (have == total) {
                    if (keep) sink.section(pid, buf, total);
                    reset();
                }
            }
        }
        return p;
    }
}
