package io.sluice.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromTheMinimumUpToTheMaximumWithinTwentyPercent() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));
        long[] nominal = {500, 1000, 2000, 4000, 5000, 5000, 5000};
        for (int attempt = 0; attempt < nominal.length; attempt++) {
            for (int i = 0; i < 50; i++) {
                assertThat(b.delayMillis(attempt)).isBetween(nominal[attempt] * 8 / 10, nominal[attempt] * 12 / 10);
            }
        }
        assertThat(b.delayMillis(1000)).isLessThanOrEqualTo(6000);
    }
}
