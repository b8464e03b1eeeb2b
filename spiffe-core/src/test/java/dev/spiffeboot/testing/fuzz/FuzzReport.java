package dev.spiffeboot.testing.fuzz;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one run of a target.
 *
 * @param target the target's name
 * @param inputs how many inputs ran to the end
 * @param accepted how many of them the API accepted
 * @param refused how many it refused with a documented exception
 * @param elapsed the wall time of the run
 * @param violations the distinct contract violations found (one per exception type and place)
 * @param violatingInputs how many inputs broke the contract in all
 */
public record FuzzReport(String target, long inputs, long accepted, long refused, Duration elapsed,
        List<Violation> violations, long violatingInputs) {

    public boolean passed() {
        return this.violations.isEmpty();
    }

    /** Inputs per second. */
    public double rate() {
        return this.inputs / Math.max(1e-9, this.elapsed.toNanos() / 1e9);
    }

    /** One line: name, inputs, time, rate, accepted, refused, violations. */
    public String summary() {
        return String.format("%-21s %,10d inputs %8.1f s %,9.0f/s   accepted %,9d   refused %,9d   violations %d",
                this.target, this.inputs, this.elapsed.toNanos() / 1e9, rate(), this.accepted, this.refused,
                this.violatingInputs);
    }

    /** The summary and the report of every violation. */
    public String details() {
        StringBuilder details = new StringBuilder(summary());
        for (Violation violation : this.violations) {
            details.append("\n").append(violation.report());
        }
        return details.toString();
    }
}
