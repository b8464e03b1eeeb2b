package dev.spiffeboot.security.web;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.spiffeboot.security.authentication.BearerTokenHeader;

/**
 * Finds the bearer token of a request in its one {@code Authorization} header (never in query parameters or form
 * fields). A request with several {@code Authorization} headers, an oversized token or characters RFC 6750 does
 * not allow is refused before any parsing; other schemes (e.g. Basic) are left alone. The rules are
 * {@link BearerTokenHeader}'s, the same for WebFlux.
 */
public final class SpiffeBearerTokenConverter implements AuthenticationConverter {

    /** The longest token accepted by default, in characters: below the servers' default 8 KB header limit. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = BearerTokenHeader.DEFAULT_MAX_TOKEN_LENGTH;

    private final int maxTokenLength;

    /** A converter accepting tokens of up to {@value #DEFAULT_MAX_TOKEN_LENGTH} characters. */
    public SpiffeBearerTokenConverter() {
        this(DEFAULT_MAX_TOKEN_LENGTH);
    }

    /** A converter accepting tokens of up to {@code maxTokenLength} characters (longer ones get 401 unparsed). */
    public SpiffeBearerTokenConverter(int maxTokenLength) {
        this.maxTokenLength = BearerTokenHeader.requirePositiveMaxLength(maxTokenLength);
    }

    @Override
    public BearerTokenAuthenticationToken convert(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
        String token = BearerTokenHeader.resolve((headers != null) ? headers.asIterator() : null, this.maxTokenLength);
        return (token != null) ? new BearerTokenAuthenticationToken(token) : null;
    }
}
