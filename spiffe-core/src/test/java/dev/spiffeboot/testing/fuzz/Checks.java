package dev.spiffeboot.testing.fuzz;

/** The checks targets make of what an API accepted; a failed one breaks the contract like an undocumented exception. */
final class Checks {

    private Checks() {
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
