package dev.spiffeboot.devagent;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, in bounded time, for something that happens on another thread. */
final class Eventually {

    private Eventually() {
    }

    static void within(Duration limit, String what, BooleanSupplier condition) {
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
