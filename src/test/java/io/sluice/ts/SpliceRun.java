package io.sluice.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds a {@link TsSplicer} the way the receive thread does — payloads in direct buffers, at an offset — and
 * collects what would go out, in order: the emitted packets of each call, then the bytes it returned.
 */
final class SpliceRun {
    final TsSplicer splicer = new TsSplicer();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** nowNanos of the next payload; advanced 5 ms per payload. */
    long now = 1_000_000_000L;

    int emitCalls;
    long emittedBytes;

    private final TsSplicer.Emit emit = (src, offset, length) -> {
        assertThat(length % TsPacket.SIZE).as("whole packets").isZero();
        assertThat(length).isBetween(TsPacket.SIZE, TsSplicer.MAX_EMIT);
        byte[] b = new byte[length];
        src.get(offset, b);
        out.writeBytes(b);
        emitCalls++;
        emittedBytes += length;
    };

    /** {@code ts} as {@code input} in payloads of 7 packets; returns the bytes that went out. */
    int feed(int input, byte[] ts) {
        return feed(input, ts, Feed.PAYLOAD);
    }

    int feed(int input, byte[] ts, int payload) {
        int total = 0;
        for (int p = 0; p < ts.length; p += payload) {
            total += accept(input, Arrays.copyOfRange(ts, p, Math.min(ts.length, p + payload)));
        }
        return total;
    }

    /** One payload; returns the bytes that went out because of it (emitted and returned). */
    int accept(int input, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(payload.length + 16);
        buffer.put(8, payload); // at an offset, as in a slab
        int before = out.size();
        int kept = splicer.acceptOrThrow(input, buffer, 8, payload.length, now, emit);
        assertThat(kept).isBetween(0, payload.length);
        assertThat(buffer.position()).isZero();
        assertThat(buffer.limit()).isEqualTo(buffer.capacity());
        byte[] b = new byte[kept];
        buffer.get(8, b);
        out.writeBytes(b);
        now += 5_000_000;
        return out.size() - before;
    }

    byte[] output() {
        return out.toByteArray();
    }

    /** The output as the analyzer sees it. */
    MediaSnapshot analyzed() {
        return Feed.all(output()).snapshot(0);
    }

    // ---- reading packets of the output ----

    static int packets(byte[] ts) {
        return ts.length / TsPacket.SIZE;
    }

    static int pid(byte[] ts, int i) {
        return TsPacket.pid(ts, i * TsPacket.SIZE);
    }

    static int cc(byte[] ts, int i) {
        return TsPacket.continuityCounter(ts, i * TsPacket.SIZE);
    }

    static boolean unitStart(byte[] ts, int i) {
        return TsPacket.unitStart(ts, i * TsPacket.SIZE);
    }

    static boolean hasPayload(byte[] ts, int i) {
        return (TsPacket.adaptationFieldControl(ts, i * TsPacket.SIZE) & 1) != 0;
    }

    static boolean adaptationOnly(byte[] ts, int i) {
        return TsPacket.adaptationFieldControl(ts, i * TsPacket.SIZE) == 2;
    }

    /** discontinuity_indicator (§2.4.3.5) of packet {@code i}; false without an adaptation field. */
    static boolean discontinuity(byte[] ts, int i) {
        int p = i * TsPacket.SIZE;
        return (TsPacket.adaptationFieldControl(ts, p) & 2) != 0 && (ts[p + 4] & 0xFF) > 0 && (ts[p + 5] & 0x80) != 0;
    }

    /** Index of the first packet on {@code pid} at or after {@code from}, or −1. */
    static int first(byte[] ts, int pid, int from) {
        for (int i = from; i < packets(ts); i++) if (pid(ts, i) == pid) return i;
        return -1;
    }

    /**
     * Continuity checked strictly, ignoring discontinuity_indicator (which would excuse anything): per PID,
     * every payload packet's counter is the previous one + 1 (mod 16), every adaptation-only packet repeats
     * the last one. Null packets are exempt. Returns the violations.
     */
    static List<String> strictContinuityViolations(byte[] ts) {
        int[] last = new int[TsPacket.PIDS];
        Arrays.fill(last, -1);
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < packets(ts); i++) {
            int pid = pid(ts, i);
            if (pid == TsPacket.NULL_PID) continue;
            int c = cc(ts, i);
            if (hasPayload(ts, i)) {
                if (last[pid] >= 0 && c != ((last[pid] + 1) & 0xF)) {
                    bad.add("packet %d PID 0x%x: %d after %d".formatted(i, pid, c, last[pid]));
                }
                last[pid] = c;
            } else if (last[pid] >= 0 && c != last[pid]) {
                bad.add("adaptation-only packet %d PID 0x%x: %d after %d".formatted(i, pid, c, last[pid]));
            }
        }
        return bad;
    }
}
