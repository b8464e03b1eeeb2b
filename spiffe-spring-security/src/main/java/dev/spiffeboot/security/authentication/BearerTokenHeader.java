package dev.spiffeboot.security.authentication;

import java.util.Iterator;

/**
 * Reads the bearer token of a request from its {@code Authorization} headers, for every web stack alike: exactly
 * one header, the {@code Bearer} scheme (any case), at most a given length, and only the characters RFC 6750's
 * {@code b64token} allows. A request with several {@code Authorization} headers, an oversized token or a malformed
 * one is refused before any parsing; other schemes (e.g. Basic) are no bearer token.
 */
public final class BearerTokenHeader {

    /** The longest token accepted by default, in characters: below the servers' default 8 KB header limit. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 6144;

    private static final String SCHEME = "Bearer ";

    private BearerTokenHeader() {
    }

    /**
     * Checks a maximum token length.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public static int requirePositiveMaxLength(int maxTokenLength) {
        if (maxTokenLength <= 0) {
            throw new IllegalArgumentException("max token length must be positive: " + maxTokenLength);
        }
        return maxTokenLength;
    }

    /**
     * The bearer token of a request.
     *
     * @param authorizationHeaders the values of the request's {@code Authorization} headers (none, one, or more)
     * @param maxTokenLength the longest token accepted, in characters
     * @return the token, or {@code null} when the request has no {@code Authorization} header or one of another scheme
     * @throws BearerTokenRejectedException (401 {@code invalid_token}) for several headers, an oversized or a
     * malformed token
     */
    public static String resolve(Iterator<String> authorizationHeaders, int maxTokenLength) {
        if (authorizationHeaders == null || !authorizationHeaders.hasNext()) {
            return null;
        }
        String header = authorizationHeaders.next();
        if (authorizationHeaders.hasNext()) {
            throw BearerTokenRejectedException.invalid("MULTIPLE_AUTHORIZATION_HEADERS",
                    "request has more than one Authorization header; send exactly one");
        }
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String token = header.substring(SCHEME.length()).strip();
        if (token.length() > maxTokenLength) {
            throw BearerTokenRejectedException.invalid("OVERSIZED", "token is " + token.length()
                    + " characters long, more than the " + maxTokenLength + " accepted (spiffe.jwt.max-token-length)");
        }
        if (!isB64Token(token)) {
            throw BearerTokenRejectedException.invalid("MALFORMED", "bearer token is empty or has characters RFC 6750 does not allow");
        }
        return token;
    }

    /** RFC 6750 {@code b64token}: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    static boolean isB64Token(String token) {
        int end = token.length();
        while (end > 0 && token.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
