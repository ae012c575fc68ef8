package io.sluice.stats;

/**
 * The last {@code capacity} values of one quantity, one per poll, for min/avg/max over the most recent
 * ones. Written by the stats thread only; {@link #summary} is called on that thread too.
 */
public final class Window {
    private final double[] ring;
    private int next;
    private int count;

    Window(int capacity) {
        this.ring = new double[capacity];
    }

    void add(double value) {
        ring[next] = value;
        next = (next + 1) % ring.length;
        if (count < ring.length) count++;
    }

    /** Min/avg/max of the last {@code n} values (fewer early on); null before any. */
    Summary summary(int n) {
        int k = Math.min(n, count);
        if (k == 0) return null;
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0;
        for (int i = 1; i <= k; i++) {
            double v = ring[Math.floorMod(next - i, ring.length)];
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new Summary(round(min), round(sum / k), round(max));
    }

    void clear() {
        count = 0;
        next = 0;
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** Min, average and max over a window. */
    public record Summary(double min, double avg, double max) {}
}
