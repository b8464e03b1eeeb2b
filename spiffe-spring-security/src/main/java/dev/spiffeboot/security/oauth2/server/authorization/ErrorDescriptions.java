package dev.spiffeboot.security.oauth2.server.authorization;

import dev.spiffeboot.text.LogSafe;

/** Error descriptions in the characters RFC 6749 allows in {@code error_description}, with values from requests. */
final class ErrorDescriptions {

    private static final int MAX_LENGTH = 400;

    private ErrorDescriptions() {
    }

    /** A value of the request or the token, in single quotes, escaped and cut as {@link LogSafe} does. */
    static String quote(String value) {
        return "'" + LogSafe.escape(value) + "'";
    }

    /** The description cut to 400 characters, printable ASCII without {@code "} and {@code \}. */
    static String text(String description) {
        String text = (description.length() > MAX_LENGTH) ? description.substring(0, MAX_LENGTH) + "..." : description;
        StringBuilder allowed = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            boolean printable = c >= 0x20 && c <= 0x7E;
            allowed.append((c == '"') ? '\'' : (c == '\\') ? '/' : printable ? c : '?');
        }
        return allowed.toString();
    }
}
