package dev.spiffeboot.security.web.server;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

import dev.spiffeboot.security.authentication.BearerChallenge;
import dev.spiffeboot.security.authentication.BearerTokenRejectionListener;
import dev.spiffeboot.security.authorization.Refusals;

/**
 * Answers exchanges without a usable identity, as the servlet
 * {@link dev.spiffeboot.security.web.SpiffeAuthenticationEntryPoint} does: 401 with
 * {@code WWW-Authenticate: Bearer} and, for a refused token, {@code error} and {@code error_description}
 * (RFC 6750); 503 with {@code error="temporarily_unavailable"} for a token that cannot be checked now. The body is
 * a short {@code application/problem+json} with the fields of the 403 ({@link Refusals}). Refused tokens are
 * logged with their reason, never with the token.
 */
public final class SpiffeServerAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

    private static final Log logger = LogFactory.getLog(SpiffeServerAuthenticationEntryPoint.class);

    private final List<BearerTokenRejectionListener> listeners;

    /** An entry point that tells nobody about refused tokens. */
    public SpiffeServerAuthenticationEntryPoint() {
        this(List.of());
    }

    /** An entry point that tells the listeners about every refused token (e.g. to count refusals). */
    public SpiffeServerAuthenticationEntryPoint(List<? extends BearerTokenRejectionListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        BearerChallenge challenge = BearerChallenge.of(failure);
        BearerChallenge.report(logger, failure, this.listeners);
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body = Refusals.unauthenticated(challenge.status().value(), challenge.status().getReasonPhrase(),
                challenge.description(), exchange.getRequest().getPath().value()).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(challenge.status());
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge.header());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
