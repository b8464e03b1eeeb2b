package dev.spiffeboot.devagent.junit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits, in bounded time, for something another thread makes true: a Workload API stream delivering an update, a
 * rotation reaching a server. For tests that run against the dev agent.
 */
public final class Eventually {

    private Eventually() {
    }

    /**
     * Polls every 20 ms until the condition holds.
     *
     * @param limit how long to wait at most
     * @param what what is awaited, for the failure message
     * @throws AssertionError naming what did not happen within the limit
     */
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
