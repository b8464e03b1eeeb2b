package dev.spiffeboot.autoconfigure.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, bounded, for something a background thread (a Workload API stream, a rotation) makes true. */
public final class Eventually {

    private Eventually() {
    }

    /** Polls every 20 ms until the condition holds; fails naming what did not happen within the limit. */
    public static void within(Duration limit, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
