package dev.spiffeboot.spiffeid;

import dev.spiffeboot.spiffeid.InvalidSpiffeIdException.Rule;

/**
 * The character-level rules of the SPIFFE-ID standard (sections 2.1 to 2.3), shared by IDs, trust domains and
 * patterns. Every check reports the first rule broken, scanning left to right.
 */
final class SpiffeIdSyntax {

    static final String SCHEME_PREFIX = "spiffe://";

    private SpiffeIdSyntax() {
    }

    /**
     * Checks the scheme and returns the index where the path starts (the end of the trust domain name).
     *
     * @param what what the input is called in error messages
     */
    static int checkSchemeAndTrustDomain(String input, String what) {
        if (input.isEmpty()) {
            throw new InvalidSpiffeIdException(what, input, Rule.EMPTY);
        }
        if (input.length() > SpiffeId.MAX_LENGTH) {
            throw new InvalidSpiffeIdException(what, input, Rule.TOO_LONG);
        }
        if (!input.startsWith(SCHEME_PREFIX)) {
            throw new InvalidSpiffeIdException(what, input, Rule.SCHEME);
        }
        int start = SCHEME_PREFIX.length();
        int end = start;
        while (end < input.length() && !isAuthorityEnd(input.charAt(end))) {
            end++;
        }
        checkTrustDomainName(input, start, end, what);
        return end;
    }

    static void checkTrustDomainName(String input, int start, int end, String what) {
        if (start == end) {
            throw new InvalidSpiffeIdException(what, input, Rule.MISSING_TRUST_DOMAIN);
        }
        // userinfo and port are reported by name: "@" and ":" would otherwise only be "bad characters"
        String authority = input.substring(start, end);
        if (authority.indexOf('@') >= 0) {
            throw new InvalidSpiffeIdException(what, input, Rule.USERINFO);
        }
        if (authority.indexOf(':') >= 0 && authority.charAt(0) != '[') {
            throw new InvalidSpiffeIdException(what, input, Rule.PORT);
        }
        for (int i = start; i < end; i++) {
            char c = input.charAt(i);
            if (!isTrustDomainChar(c)) {
                throw new InvalidSpiffeIdException(what, input, trustDomainCharRule(c));
            }
        }
        if (end - start > TrustDomain.MAX_LENGTH) {
            throw new InvalidSpiffeIdException(what, input, Rule.TRUST_DOMAIN_TOO_LONG);
        }
    }

    /** Checks {@code input[start..]} as a SPIFFE ID path (empty, or "/" followed by segments). */
    static void checkPath(String input, int start, String what) {
        if (start == input.length()) {
            return;
        }
        char first = input.charAt(start);
        if (first != '/') {
            Rule rule = pathCharRule(first);
            throw new InvalidSpiffeIdException(what, input, rule == Rule.PATH_CHARACTERS ? Rule.NO_LEADING_SLASH : rule);
        }
        int segmentStart = start + 1;
        for (int i = segmentStart; i <= input.length(); i++) {
            if (i == input.length() || input.charAt(i) == '/') {
                checkSegmentShape(input, segmentStart, i, i == input.length(), what);
                segmentStart = i + 1;
                continue;
            }
            char c = input.charAt(i);
            if (!isPathChar(c)) {
                throw new InvalidSpiffeIdException(what, input, pathCharRule(c));
            }
        }
    }

    /** Checks a single path segment given on its own (no slashes allowed). */
    static void checkSegment(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/') {
                throw new InvalidSpiffeIdException("path segment", segment, Rule.SLASH_IN_SEGMENT);
            }
            if (!isPathChar(c)) {
                throw new InvalidSpiffeIdException("path segment", segment, pathCharRule(c));
            }
        }
        checkSegmentShape(segment, 0, segment.length(), false, "path segment");
    }

    private static void checkSegmentShape(String input, int start, int end, boolean last, String what) {
        int length = end - start;
        if (length == 0) {
            throw new InvalidSpiffeIdException(what, input, last ? Rule.TRAILING_SLASH : Rule.EMPTY_SEGMENT);
        }
        if (input.charAt(start) == '.' && (length == 1 || (length == 2 && input.charAt(start + 1) == '.'))) {
            throw new InvalidSpiffeIdException(what, input, Rule.DOT_SEGMENT);
        }
    }

    static boolean isTrustDomainChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    }

    static boolean isPathChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
                || c == '_';
    }

    private static boolean isAuthorityEnd(char c) {
        return c == '/' || c == '?' || c == '#';
    }

    private static Rule trustDomainCharRule(char c) {
        if (c >= 'A' && c <= 'Z') {
            return Rule.TRUST_DOMAIN_CASE;
        }
        if (c == '%') {
            return Rule.PERCENT_ENCODING;
        }
        return Rule.TRUST_DOMAIN_CHARACTERS;
    }

    private static Rule pathCharRule(char c) {
        switch (c) {
            case '%':
                return Rule.PERCENT_ENCODING;
            case '?':
                return Rule.QUERY;
            case '#':
                return Rule.FRAGMENT;
            default:
                return Rule.PATH_CHARACTERS;
        }
    }
}
