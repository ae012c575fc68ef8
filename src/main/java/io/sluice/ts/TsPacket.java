package io.sluice.ts;

/**
 * Layout of a transport stream packet (ISO/IEC 13818-1 §2.4.3.2, Table 2-2): sync_byte(8)
 * transport_error_indicator(1) payload_unit_start_indicator(1) transport_priority(1) PID(13)
 * transport_scrambling_control(2) adaptation_field_control(2) continuity_counter(4), then the adaptation
 * field (§2.4.3.4) and/or the payload.
 */
final class TsPacket {
    /** Bytes per TS packet. */
    static final int SIZE = 188;

    static final byte SYNC = 0x47;
    /** Null packets (§2.4.3.3, Table 2-3): stuffing, no continuity. */
    static final int NULL_PID = 0x1FFF;

    static final int PAT_PID = 0x0000;
    /** PIDs are 13 bits. */
    static final int PIDS = 8192;

    private TsPacket() {}

    static boolean transportError(byte[] b, int p) {
        return (b[p + 1] & 0x80) != 0;
    }

    static boolean unitStart(byte[] b, int p) {
        return (b[p + 1] & 0x40) != 0;
    }

    static int pid(byte[] b, int p) {
        return ((b[p + 1] & 0x1F) << 8) | (b[p + 2] & 0xFF);
    }

    /** adaptation_field_control: 01 payload only, 10 adaptation field only, 11 both, 00 reserved. */
    static int adaptationFieldControl(byte[] b, int p) {
        return (b[p + 3] >>> 4) & 0x03;
    }

    static int continuityCounter(byte[] b, int p) {
        return b[p + 3] & 0x0F;
    }
}
