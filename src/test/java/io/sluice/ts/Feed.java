package io.sluice.ts;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Feeds bytes to a {@link TsAnalyzer} the way the receive thread does. */
final class Feed {
    /** Bytes per SRT payload: 7 TS packets. */
    static final int PAYLOAD = 7 * TsPacket.SIZE;

    private Feed() {}

    /** All of {@code ts} in one call at time 0. */
    static TsAnalyzer all(byte[] ts) {
        TsAnalyzer a = new TsAnalyzer();
        a.accept(ByteBuffer.wrap(ts), 0, ts.length, 0);
        return a;
    }

    /**
     * {@code ts} in 1316-byte payloads from a direct buffer, with nowNanos advancing as if the bytes arrived
     * at {@code bitsPerSecond}.
     *
     * @return the time after the last payload, nanoseconds
     */
    static long paced(TsAnalyzer a, byte[] ts, double bitsPerSecond, long startNanos) {
        ByteBuffer direct = ByteBuffer.allocateDirect(ts.length).put(ts).clear();
        long now = startNanos;
        double nanosPerByte = 8e9 / bitsPerSecond;
        long sent = 0;
        for (int p = 0; p < ts.length; p += PAYLOAD) {
            int n = Math.min(PAYLOAD, ts.length - p);
            a.accept(direct, p, n, now);
            sent += n;
            now = startNanos + Math.round(sent * nanosPerByte);
        }
        return now;
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
