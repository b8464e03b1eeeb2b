package dev.spiffeboot.security.web.server;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

import dev.spiffeboot.security.authentication.BearerChallenge;
import dev.spiffeboot.security.authentication.BearerTokenRejectionListener;
import dev.spiffeboot.security.authorization.Refusals;
import dev.spiffeboot.security.resource.ProtectedResource;

/**
 * Answers exchanges without a usable identity, as the servlet
 * {@link dev.spiffeboot.security.web.SpiffeAuthenticationEntryPoint} does: 401 with
 * {@code WWW-Authenticate: Bearer} and, for a refused token, {@code error} and {@code error_description}
 * (RFC 6750); 503 with {@code error="temporarily_unavailable"} for a token that cannot be checked now. The body is
 * a short {@code application/problem+json} with the fields of the 403 ({@link Refusals}). Given the
 * {@link ProtectedResource} this service is, a 401's challenge also carries {@code resource_metadata} with the URL of
 * its RFC 9728 metadata. Refused tokens are logged with their reason, never with the token.
 */
public final class SpiffeServerAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

    private static final Log logger = LogFactory.getLog(SpiffeServerAuthenticationEntryPoint.class);

    private final List<BearerTokenRejectionListener> listeners;

    private final ProtectedResource protectedResource;

    /** An entry point that tells nobody about refused tokens. */
    public SpiffeServerAuthenticationEntryPoint() {
        this(List.of());
    }

    /** An entry point that tells the listeners about every refused token (e.g. to count refusals). */
    public SpiffeServerAuthenticationEntryPoint(List<? extends BearerTokenRejectionListener> listeners) {
        this(listeners, null);
    }

    /**
     * An entry point that tells the listeners about every refused token and points 401s to the resource's metadata.
     *
     * @param protectedResource what the service publishes as an OAuth 2.0 protected resource, or {@code null} for
     * challenges without {@code resource_metadata}
     */
    public SpiffeServerAuthenticationEntryPoint(List<? extends BearerTokenRejectionListener> listeners,
            ProtectedResource protectedResource) {
        this.listeners = List.copyOf(listeners);
        this.protectedResource = protectedResource;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        ServerHttpRequest request = exchange.getRequest();
        BearerChallenge challenge = BearerChallenge.of(failure);
        if (this.protectedResource != null) {
            challenge = challenge.withResourceMetadata(this.protectedResource.metadataUrl(request.getURI().toString(),
                    request.getPath().contextPath().value()));
        }
        BearerChallenge.report(logger, failure, this.listeners);
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body = Refusals.unauthenticated(challenge.status().value(), challenge.status().getReasonPhrase(),
                challenge.description(), request.getPath().value()).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(challenge.status());
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge.header());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
