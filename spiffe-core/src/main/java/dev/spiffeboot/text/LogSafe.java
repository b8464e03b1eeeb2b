package dev.spiffeboot.text;

import java.util.Collection;

/**
 * Renders untrusted values (from certificates, tokens, requests, configuration) for exception messages, log lines
 * and response headers, so that a crafted value can neither forge a log line nor flood one. Every module of
 * spiffe-spring-boot renders what it received through this class.
 */
public final class LogSafe {

    /** The longest value quoted in full; longer values are cut and their length is given. */
    public static final int MAX_QUOTED_LENGTH = 256;

    /** The most values {@link #list(Collection)} shows. */
    public static final int MAX_LISTED_VALUES = 10;

    private LogSafe() {
    }

    /**
     * Quotes a value in double quotes. Quotes and backslashes are escaped, and control and non-ASCII characters are
     * written as {@code \\uXXXX} so that a crafted value cannot forge a log line; values longer than
     * {@link #MAX_QUOTED_LENGTH} are cut.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return '"' + escape(value) + '"';
    }

    /** Escapes a value as {@link #quote(String)} does, without adding the quotes. */
    public static String escape(String value) {
        if (value == null) {
            return "null";
        }
        int limit = Math.min(value.length(), MAX_QUOTED_LENGTH);
        StringBuilder quoted = new StringBuilder(limit + 16);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            }
            else if (c < 0x20 || c > 0x7e) {
                quoted.append(String.format("\\u%04x", (int) c));
            }
            else {
                quoted.append(c);
            }
        }
        if (value.length() > limit) {
            quoted.append("...(").append(value.length()).append(" chars)");
        }
        return quoted.toString();
    }

    /**
     * Renders values as {@code [a, b]}, each escaped as by {@link #escape(String)}; at most
     * {@value #MAX_LISTED_VALUES} values are shown.
     */
    public static String list(Collection<String> values) {
        if (values == null) {
            return "[]";
        }
        StringBuilder listed = new StringBuilder("[");
        int shown = 0;
        for (String value : values) {
            if (shown == MAX_LISTED_VALUES) {
                listed.append(", ...(").append(values.size()).append(" values)");
                break;
            }
            listed.append(shown++ == 0 ? "" : ", ").append(escape(value));
        }
        return listed.append(']').toString();
    }
}
