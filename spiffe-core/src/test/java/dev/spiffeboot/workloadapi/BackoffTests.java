package dev.spiffeboot.workloadapi;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTests {

    @Test
    void doublesFromHalfASecondUpToThirtySecondsWithTwentyPercentJitter() {
        Backoff backoff = Backoff.defaults();
        long[] expected = { 500, 1000, 2000, 4000, 8000, 16000 };
        for (int attempt = 0; attempt < expected.length; attempt++) {
            for (int sample = 0; sample < 50; sample++) {
                assertThat(backoff.delay(attempt).toMillis()).isBetween(Math.round(expected[attempt] * 0.8),
                        Math.round(expected[attempt] * 1.2));
            }
        }
    }

    @Test
    void jitterNeverTakesADelayPastTheCap() {
        // the cap is what a reconnect waits at most once the agent is back, whatever the jitter drew
        Backoff backoff = Backoff.defaults();
        long shortest = Long.MAX_VALUE;
        long longest = 0;
        for (int sample = 0; sample < 1000; sample++) {
            long delay = backoff.delay(6 + sample % 3).toMillis();
            assertThat(delay).isBetween(24000L, 30000L);
            shortest = Math.min(shortest, delay);
            longest = Math.max(longest, delay);
        }
        assertThat(backoff.delay(1000).toMillis()).isLessThanOrEqualTo(30000);
        assertThat(shortest).as("jitter still spreads the delays below the cap").isLessThan(25000);
        assertThat(longest).isGreaterThan(29000);
        // below the cap too: 28 s with 20 % jitter would reach 33.6 s
        Backoff nearTheCap = Backoff.of(Duration.ofSeconds(28), 2.0, Duration.ofSeconds(30), 0.2);
        for (int sample = 0; sample < 200; sample++) {
            assertThat(nearTheCap.delay(0).toMillis()).isBetween(22400L, 30000L);
        }
    }

    @Test
    void withoutJitterTheDelaysAreExact() {
        Backoff backoff = Backoff.of(Duration.ofMillis(100), 3.0, Duration.ofSeconds(1), 0);
        assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(300));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(900));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> Backoff.of(Duration.ZERO, 2, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
