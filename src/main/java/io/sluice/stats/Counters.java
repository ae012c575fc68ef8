package io.sluice.stats;

/** The last few values of a cumulative counter, one per poll, to tell how much it grew over a window. */
final class Counters {
    private final long[] ring;
    private int next;
    private int count;

    /** @param polls how many polls the window spans (10 for 10 s at one poll a second) */
    Counters(int polls) {
        this.ring = new long[polls + 1];
    }

    void add(long cumulative) {
        ring[next] = cumulative;
        next = (next + 1) % ring.length;
        if (count < ring.length) count++;
    }

    /** Forgets every value: the counter now follows another source. */
    void clear() {
        next = 0;
        count = 0;
    }

    /** Growth over the window (or since the first value, early on); 0 if it went down (a reset). */
    long growth() {
        if (count < 2) return 0;
        long newest = ring[Math.floorMod(next - 1, ring.length)];
        long oldest = ring[Math.floorMod(next - count, ring.length)];
        return Math.max(0, newest - oldest);
    }

    /** Growth since the previous poll. */
    long last() {
        if (count < 2) return 0;
        return Math.max(0, ring[Math.floorMod(next - 1, ring.length)] - ring[Math.floorMod(next - 2, ring.length)]);
    }
}
