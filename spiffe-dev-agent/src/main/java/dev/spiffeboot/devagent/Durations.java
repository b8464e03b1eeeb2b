package dev.spiffeboot.devagent;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT1H}). */
final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    static Duration parse(String value, String property) {
        String text = value.trim();
        Matcher simple = SIMPLE.matcher(text);
        Duration duration;
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            switch (simple.group(2)) {
                case "ms":
                    duration = Duration.ofMillis(amount);
                    break;
                case "s":
                    duration = Duration.ofSeconds(amount);
                    break;
                case "m":
                    duration = Duration.ofMinutes(amount);
                    break;
                case "h":
                    duration = Duration.ofHours(amount);
                    break;
                default:
                    duration = Duration.ofDays(amount);
            }
        }
        else {
            try {
                duration = Duration.parse(text);
            }
            catch (DateTimeParseException ex) {
                throw new IllegalArgumentException(property + ": \"" + value + "\" is not a duration (use 30s, 5m, 1h or PT1H)");
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(property + ": must be positive, got " + value);
        }
        return duration;
    }
}
