package dev.spiffeboot.testing.fuzz;

import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;

/**
 * One input that broke a target's contract: what it threw (or that it hung), and the input in a readable form and in
 * base64 for replay.
 *
 * @param target the target's name
 * @param index the input's index in its run, or -1 for a replayed input
 * @param seed the run's seed
 * @param input the encoded input
 * @param description the input in a readable form
 * @param thrown what the input threw, or {@code null} when it hung
 */
public record Violation(String target, long index, long seed, byte[] input, String description, Throwable thrown) {

    private static final int SHOWN_FRAMES = 12;

    /** Whether the input ran past the time limit. */
    public boolean hung() {
        return this.thrown == null;
    }

    /** The input in base64, for {@code bench/run fuzz replay}. */
    public String base64() {
        return Base64.getEncoder().encodeToString(this.input);
    }

    /** What went wrong, in one line. */
    public String problem() {
        return hung() ? "no answer within the time limit (hang)" : this.thrown.toString();
    }

    /** Distinguishes one defect from another: the exception type and where it was thrown. */
    String signature() {
        if (hung()) {
            return "hang";
        }
        StackTraceElement[] frames = this.thrown.getStackTrace();
        String signature = this.thrown.getClass().getName() + (frames.length > 0 ? " at " + frames[0] : "");
        if (this.thrown instanceof AssertionError && this.thrown.getMessage() != null) {
            // failed checks all throw from one place: their message (without the values in it) tells them apart
            String message = this.thrown.getMessage().replaceAll("[0-9]+", "");
            signature += ": " + message.substring(0, Math.min(message.length(), 60));
        }
        return signature;
    }

    /** The full report: problem, stack, input, base64 and how to replay it. */
    public String report() {
        StringBuilder report = new StringBuilder();
        report.append(this.target).append(": contract broken");
        if (this.index >= 0) {
            report.append(" by input #").append(this.index).append(" of seed ").append(this.seed);
        }
        report.append("\n  problem: ").append(problem());
        if (!hung()) {
            report.append(Arrays.stream(this.thrown.getStackTrace())
                .limit(SHOWN_FRAMES)
                .map(frame -> "\n      at " + frame)
                .collect(Collectors.joining()));
            for (Throwable cause = this.thrown.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                report.append("\n    caused by: ").append(cause);
            }
        }
        report.append("\n  input: ").append(this.description);
        report.append("\n  base64: ").append(base64());
        report.append("\n  replay: bench/run fuzz replay ").append(this.target).append(' ').append(base64().length() > 2000 ? "<base64>" : base64());
        return report.toString();
    }
}
