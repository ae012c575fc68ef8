package io.sluice.ts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Everything known about one PID. Written by the receive thread only. Fields other threads read are either
 * {@link #published} counters (opaque access: never torn, eventually visible) or volatile references to
 * immutable records.
 */
final class PidState {
    static final int PACKETS = 0; // TS packets, count
    static final int CONTINUITY_ERRORS = 1; // count
    static final int LAST_NANOS = 2; // nowNanos of the last packet
    static final int KEYFRAME_INTERVAL = 3; // packed: frames << 40 | 90 kHz ticks; 0 = unknown
    static final int MEASURED_FRAME_RATE = 4; // Double.doubleToRawLongBits(frames/s from PTS/DTS); 0 = unknown
    private static final int PUBLISHED = 5;

    static final long TICKS_MASK = (1L << 40) - 1;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    final int pid;
    /** Counters other threads read, indexed by the constants above; opaque access only. */
    private final long[] published = new long[PUBLISHED];
    /** Cumulative {@link #PACKETS} at each rate sample of {@link TsAnalyzer} (same ring index). */
    final long[] samples;

    // --- receive thread only ---
    long packets;
    /** continuity_counter of the last payload-carrying packet, −1 before the first. */
    int lastCc = -1;
    /** The last payload-carrying packet was already repeated once (ISO/IEC 13818-1 §2.4.3.3 allows one). */
    boolean repeated;
    /** The last payload-carrying packet, to recognise its duplicate. */
    final byte[] last = new byte[TsPacket.SIZE];

    SectionAssembler sections;
    PesParser pes;
    /** Codec the PMT gave this PID, or null when no PMT names it. */
    Codec codec;

    // --- published references ---
    volatile VideoFormat video;
    volatile AudioFormat audio;

    PidState(int pid, int ring) {
        this.pid = pid;
        this.samples = new long[ring];
    }

    long get(int counter) {
        return (long) LONGS.getOpaque(published, counter);
    }

    /** Receive thread only. */
    void set(int counter, long value) {
        LONGS.setOpaque(published, counter, value);
    }

    /** Receive thread only. */
    void increment(int counter) {
        LONGS.setOpaque(published, counter, published[counter] + 1);
    }

    long sample(int index) {
        return (long) LONGS.getOpaque(samples, index);
    }

    /** Receive thread only. */
    void sample(int index, long value) {
        LONGS.setOpaque(samples, index, value);
    }
}
