package dev.spiffeboot.autoconfigure.workloadapi;

import java.time.Duration;

/** Checks durations bound from properties. */
final class Durations {

    private Durations() {
    }

    static Duration positive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
        return duration;
    }
}
