package dev.spiffeboot.security.clientmetadata;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How long a response may be reused, as its {@code Cache-Control} header says (RFC 9111): {@code no-store} and
 * {@code no-cache} mean not at all (the caller's lower bound then applies), {@code max-age} its seconds. Other
 * directives are ignored; {@code null} when no directive says.
 */
final class CacheControl {

    private CacheControl() {
    }

    /** The lifetime the header values give, or {@code null} when they give none. */
    static Duration lifetime(List<String> headerValues) {
        Duration maxAge = null;
        for (String value : headerValues) {
            for (String directive : value.split(",")) {
                String text = directive.trim().toLowerCase(Locale.ROOT);
                if (text.equals("no-store") || text.equals("no-cache")) {
                    return Duration.ZERO;
                }
                if (text.startsWith("max-age=")) {
                    Duration parsed = seconds(text.substring("max-age=".length()));
                    if (parsed != null) {
                        maxAge = parsed;
                    }
                }
            }
        }
        return maxAge;
    }

    private static Duration seconds(String value) {
        String digits = value.startsWith("\"") && value.endsWith("\"") && value.length() > 1
                ? value.substring(1, value.length() - 1) : value;
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(digits));
    }
}
