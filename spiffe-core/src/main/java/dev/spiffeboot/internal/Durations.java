package dev.spiffeboot.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Checks durations given to builders.
 * <p>
 * Internal to spiffe-core; not part of the public API.
 */
public final class Durations {

    private Durations() {
    }

    /**
     * The duration, if it is positive.
     *
     * @param what what the duration is, for the message (e.g. "startup timeout")
     * @throws IllegalArgumentException if it is zero or negative
     */
    public static Duration requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
        return duration;
    }
}
