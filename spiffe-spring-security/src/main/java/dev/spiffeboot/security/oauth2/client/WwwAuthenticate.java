package dev.spiffeboot.security.oauth2.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the parameters of the {@code Bearer} challenge of {@code WWW-Authenticate} header values (RFC 9110 §11.6.1:
 * {@code Bearer error="invalid_token", resource_metadata="https://..."}); values are tokens or quoted strings with
 * backslash escapes. Other schemes' challenges in the same header are skipped; anything that does not parse ends the
 * reading, keeping what was read before.
 */
final class WwwAuthenticate {

    private WwwAuthenticate() {
    }

    /** The parameters of the first Bearer challenge (names in lower case), or {@code null} when there is none. */
    static Map<String, String> bearerParameters(List<String> headerValues) {
        for (String value : headerValues) {
            Map<String, String> parameters = new Reader(value).bearer();
            if (parameters != null) {
                return parameters;
            }
        }
        return null;
    }

    private static final class Reader {

        private final String text;

        private int position;

        Reader(String text) {
            this.text = text;
        }

        Map<String, String> bearer() {
            while (skipSpacesAndCommas()) {
                String scheme = token();
                if (scheme.isEmpty()) {
                    return null;
                }
                boolean isBearer = scheme.equalsIgnoreCase("Bearer");
                Map<String, String> parameters = parameters();
                if (isBearer) {
                    return parameters;
                }
            }
            return null;
        }

        /** Parameters up to the next challenge (a token followed by a space rather than '='). */
        private Map<String, String> parameters() {
            Map<String, String> parameters = new LinkedHashMap<>();
            while (true) {
                int start = this.position;
                skipSpacesAndCommas();
                String name = token();
                skipSpaces();
                if (name.isEmpty() || !peek('=')) {
                    // the next challenge's scheme (or the end): leave it to the caller
                    this.position = start;
                    return parameters;
                }
                this.position++;
                skipSpaces();
                String value = peek('"') ? quoted() : token();
                if (value == null) {
                    return parameters;
                }
                parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
            }
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            this.position++;
            while (this.position < this.text.length()) {
                char c = this.text.charAt(this.position++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && this.position < this.text.length()) {
                    c = this.text.charAt(this.position++);
                }
                value.append(c);
            }
            return null;
        }

        private String token() {
            int start = this.position;
            while (this.position < this.text.length() && isTokenChar(this.text.charAt(this.position))) {
                this.position++;
            }
            return this.text.substring(start, this.position);
        }

        private static boolean isTokenChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }

        private boolean peek(char c) {
            return this.position < this.text.length() && this.text.charAt(this.position) == c;
        }

        private void skipSpaces() {
            while (this.position < this.text.length() && (this.text.charAt(this.position) == ' ' || this.text.charAt(this.position) == '\t')) {
                this.position++;
            }
        }

        private boolean skipSpacesAndCommas() {
            while (this.position < this.text.length() && " \t,".indexOf(this.text.charAt(this.position)) >= 0) {
                this.position++;
            }
            return this.position < this.text.length();
        }
    }
}
