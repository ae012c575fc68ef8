package io.sluice.stats;

import java.util.List;
import java.util.Locale;

/**
 * Whether an ingest is usable, in one word, and why not, in words a person acts on.
 *
 * @param reasons empty when ok
 */
public record Health(State state, List<String> reasons) {
    public enum State {
        /** Media flows, clean. */
        OK,
        /** Media flows, but something is wrong: loss (recovered or not), continuity errors, a silent stream, low bitrate. */
        DEGRADED,
        /** No media. */
        DOWN;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** For a gauge: 2 ok, 1 degraded, 0 down. */
        public int level() {
            return switch (this) {
                case OK -> 2;
                case DEGRADED -> 1;
                case DOWN -> 0;
            };
        }
    }

    public Health {
        reasons = List.copyOf(reasons);
    }
}
