package dev.spiffeboot.workloadapi;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for reconnecting Workload API streams.
 * <p>
 * The n-th retry (from 0) waits {@code base = min(max, initial * multiplier^n)} times a random factor between
 * {@code 1 - jitter} and {@code 1 + jitter}, which spreads the retries of many workloads, but never longer than
 * {@code max}: at the cap the wait is between {@code max * (1 - jitter)} and {@code max}. {@link #defaults()} is
 * 500 ms, doubling, capped at 30 s, with 20 % jitter: about 0.5, 1, 2, 4, 8, 16, then 24 to 30 seconds. A stream resets its
 * backoff whenever a good message arrives. (go-spiffe waits 1, 2, 3 ... up to 30 s; java-spiffe doubles from 1 s to
 * 60 s.)
 */
public final class Backoff {

    private final Duration initial;

    private final double multiplier;

    private final Duration max;

    private final double jitter;

    private Backoff(Duration initial, double multiplier, Duration max, double jitter) {
        this.initial = initial;
        this.multiplier = multiplier;
        this.max = max;
        this.jitter = jitter;
    }

    /** 500 ms, doubling, capped at 30 s, 20 % jitter. */
    public static Backoff defaults() {
        return of(Duration.ofMillis(500), 2.0, Duration.ofSeconds(30), 0.2);
    }

    /**
     * A custom policy.
     *
     * @throws IllegalArgumentException if a duration is not positive, the multiplier is below 1, or the jitter is
     * outside [0, 1)
     */
    public static Backoff of(Duration initial, double multiplier, Duration max, double jitter) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        if (multiplier < 1.0 || jitter < 0.0 || jitter >= 1.0) {
            throw new IllegalArgumentException("backoff needs multiplier >= 1 and 0 <= jitter < 1");
        }
        return new Backoff(initial, multiplier, max, jitter);
    }

    /** The wait before retry number {@code attempt} (from 0), jitter included. */
    public Duration delay(int attempt) {
        double base = Math.min(this.max.toMillis(), this.initial.toMillis() * Math.pow(this.multiplier, Math.min(attempt, 64)));
        double lowest = base * (1.0 - this.jitter);
        // never past the cap: the cap bounds how long a reconnect can lag behind an agent that came back
        double highest = Math.min(this.max.toMillis(), base * (1.0 + this.jitter));
        double delay = (highest > lowest) ? ThreadLocalRandom.current().nextDouble(lowest, highest) : highest;
        return Duration.ofMillis(Math.max(1L, Math.round(delay)));
    }

    @Override
    public String toString() {
        return "Backoff[initial=" + this.initial + ", multiplier=" + this.multiplier + ", max=" + this.max + ", jitter="
                + this.jitter + "]";
    }
}
