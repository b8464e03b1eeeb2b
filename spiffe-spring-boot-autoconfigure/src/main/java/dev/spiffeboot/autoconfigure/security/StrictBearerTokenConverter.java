package dev.spiffeboot.autoconfigure.security;

import java.util.Enumeration;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Finds the bearer token of a request in its one {@code Authorization} header (never in query parameters or form
 * fields). A request with several {@code Authorization} headers, an oversized token or characters RFC 6750 does
 * not allow is refused before any parsing; other schemes (e.g. Basic) are left alone.
 */
final class StrictBearerTokenConverter implements AuthenticationConverter {

    private static final String SCHEME = "Bearer ";

    private static final Pattern B64_TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private final int maxTokenLength;

    StrictBearerTokenConverter(int maxTokenLength) {
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
        if (!B64_TOKEN.matcher(token).matches()) {
            throw BearerTokenRejectedException.invalid("MALFORMED", "bearer token is empty or has characters RFC 6750 does not allow");
        }
        return new BearerTokenAuthenticationToken(token);
    }
}
