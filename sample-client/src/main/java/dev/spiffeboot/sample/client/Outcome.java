package dev.spiffeboot.sample.client;

/**
 * What a scenario did.
 *
 * @param result {@code OK} (as expected), {@code FAIL} (not as expected) or {@code SKIP} (not configured)
 * @param detail what happened, for the report
 */
record Outcome(String result, String detail) {

    static Outcome expected(boolean asExpected, String detail) {
        return new Outcome(asExpected ? "OK" : "FAIL", detail);
    }

    static Outcome skipped(String why) {
        return new Outcome("SKIP", why);
    }

    boolean failed() {
        return "FAIL".equals(this.result);
    }
}
