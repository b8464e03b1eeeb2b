package dev.spiffeboot.security.web.server;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

import dev.spiffeboot.security.authentication.BearerTokenHeader;

/**
 * Finds the bearer token of an exchange in its one {@code Authorization} header (never in query parameters or form
 * fields), with the rules of the servlet {@link dev.spiffeboot.security.web.SpiffeBearerTokenConverter}
 * ({@link BearerTokenHeader}): several {@code Authorization} headers, an oversized token or characters RFC 6750
 * does not allow give an error (401 {@code invalid_token}) before any parsing; other schemes are left alone.
 */
public final class SpiffeServerBearerTokenConverter implements ServerAuthenticationConverter {

    private final int maxTokenLength;

    /** A converter accepting tokens of up to {@value BearerTokenHeader#DEFAULT_MAX_TOKEN_LENGTH} characters. */
    public SpiffeServerBearerTokenConverter() {
        this(BearerTokenHeader.DEFAULT_MAX_TOKEN_LENGTH);
    }

    /** A converter accepting tokens of up to {@code maxTokenLength} characters (longer ones get 401 unparsed). */
    public SpiffeServerBearerTokenConverter(int maxTokenLength) {
        this.maxTokenLength = BearerTokenHeader.requirePositiveMaxLength(maxTokenLength);
    }

    /** A {@link BearerTokenAuthenticationToken}, empty without a bearer token, an error for a refused one. */
    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        return Mono.fromCallable(() -> {
            List<String> headers = exchange.getRequest().getHeaders().get(HttpHeaders.AUTHORIZATION);
            String token = BearerTokenHeader.resolve((headers != null) ? headers.iterator() : null, this.maxTokenLength);
            return (token != null) ? new BearerTokenAuthenticationToken(token) : null;
        });
    }
}
