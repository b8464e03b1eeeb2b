package dev.spiffeboot.sample.client;

/**
 * One scenario: a name, what should happen, and the code that tries it.
 *
 * @param name what is tried
 * @param expected what a correct server and client do
 * @param check runs the scenario
 */
record Scenario(String name, String expected, Check check) {

    /** Runs a scenario; an exception is an outcome like any other (some scenarios expect one). */
    @FunctionalInterface
    interface Check {

        Outcome run() throws Exception;
    }

    Outcome run() {
        try {
            return this.check.run();
        }
        catch (Exception ex) {
            return Outcome.expected(false, "unexpected " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
        }
    }
}
