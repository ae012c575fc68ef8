package io.sluice.output;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential retry delays: {@code min × 2^attempt} capped at {@code max}, with ±20% jitter so that many
 * outputs to one dead destination do not retry in lockstep.
 */
public record Backoff(Duration min, Duration max) {
    public Backoff {
        if (min.isNegative() || max.compareTo(min) < 0) throw new IllegalArgumentException(min + ".." + max);
    }

    /** Delay before retry number {@code attempt} (0 = first retry), in milliseconds. */
    public long delayMillis(int attempt) {
        long base = min.toMillis() << Math.min(attempt, 20);
        long capped = Math.min(Math.max(base, min.toMillis()), max.toMillis());
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Math.max(1, Math.round(capped * jitter));
    }
}
