package dev.spiffeboot.security.web;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.spiffeboot.security.authentication.BearerTokenRejectedException;

/**
 * Finds the bearer token of a request in its one {@code Authorization} header (never in query parameters or form
 * fields). A request with several {@code Authorization} headers, an oversized token or characters RFC 6750 does
 * not allow is refused before any parsing; other schemes (e.g. Basic) are left alone.
 */
public final class SpiffeBearerTokenConverter implements AuthenticationConverter {

    /** The longest token accepted by default, in characters: below the servers' default 8 KB header limit. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 6144;

    private static final String SCHEME = "Bearer ";

    private final int maxTokenLength;

    /** A converter accepting tokens of up to {@value #DEFAULT_MAX_TOKEN_LENGTH} characters. */
    public SpiffeBearerTokenConverter() {
        this(DEFAULT_MAX_TOKEN_LENGTH);
    }

    /** A converter accepting tokens of up to {@code maxTokenLength} characters (longer ones get 401 unparsed). */
    public SpiffeBearerTokenConverter(int maxTokenLength) {
        if (maxTokenLength <= 0) {
            throw new IllegalArgumentException("max token length must be positive: " + maxTokenLength);
        }
        this.maxTokenLength = maxTokenLength;
    }

    @Override
    public BearerTokenAuthenticationToken convert(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
        if (headers == null || !headers.hasMoreElements()) {
            return null;
        }
        String header = headers.nextElement();
        if (headers.hasMoreElements()) {
            throw BearerTokenRejectedException.invalid("MULTIPLE_AUTHORIZATION_HEADERS",
                    "request has more than one Authorization header; send exactly one");
        }
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String token = header.substring(SCHEME.length()).strip();
        if (token.length() > this.maxTokenLength) {
            throw BearerTokenRejectedException.invalid("OVERSIZED", "token is " + token.length()
                    + " characters long, more than the " + this.maxTokenLength + " accepted (spiffe.jwt.max-token-length)");
        }
        if (!isB64Token(token)) {
            throw BearerTokenRejectedException.invalid("MALFORMED", "bearer token is empty or has characters RFC 6750 does not allow");
        }
        return new BearerTokenAuthenticationToken(token);
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
