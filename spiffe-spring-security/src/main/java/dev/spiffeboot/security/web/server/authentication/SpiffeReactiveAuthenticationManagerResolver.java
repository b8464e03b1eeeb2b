package dev.spiffeboot.security.web.server.authentication;

import java.util.Objects;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.security.web.server.ServerPeerIdentityResolver;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Authenticates the bearer token of an exchange for Spring Security's {@code AuthenticationWebFilter}, and puts the
 * exchange's mTLS peer next to the token's principal, as the servlet
 * {@link dev.spiffeboot.security.web.authentication.SpiffeAuthenticationManagerResolver} does. A token served from
 * the validated-token cache is answered at once; any other is validated on a scheduler where blocking is allowed
 * (by default {@link Schedulers#boundedElastic()}): the Workload API's {@code ValidateJWTSVID} and an issuer's JWK
 * Set fetch block, and the event loop must not.
 */
public final class SpiffeReactiveAuthenticationManagerResolver implements ReactiveAuthenticationManagerResolver<ServerWebExchange> {

    private final ServerPeerIdentityResolver peers;

    private final BearerTokenAuthenticator tokens;

    private final Scheduler validation;

    /** A resolver that validates tokens on the bounded elastic scheduler. */
    public SpiffeReactiveAuthenticationManagerResolver(ServerPeerIdentityResolver peers, BearerTokenAuthenticator tokens) {
        this(peers, tokens, Schedulers.boundedElastic());
    }

    /**
     * A resolver.
     *
     * @param peers who the exchange's peer is
     * @param tokens who a token speaks for
     * @param validation where tokens not in the cache are validated: a scheduler that may block
     */
    public SpiffeReactiveAuthenticationManagerResolver(ServerPeerIdentityResolver peers, BearerTokenAuthenticator tokens,
            Scheduler validation) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.validation = Objects.requireNonNull(validation, "validation scheduler");
    }

    @Override
    public Mono<ReactiveAuthenticationManager> resolve(ServerWebExchange exchange) {
        return Mono.just(authentication -> authenticate(exchange, authentication));
    }

    private Mono<Authentication> authenticate(ServerWebExchange exchange, Authentication authentication) {
        return Mono.defer(() -> {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            SpiffeId peer = this.peers.resolve(exchange);
            RequestPrincipal cached = this.tokens.authenticateCached(token);
            if (cached != null) {
                return Mono.just(new SpiffeAuthentication(peer, cached, token));
            }
            return Mono.<Authentication>fromCallable(() -> new SpiffeAuthentication(peer, this.tokens.authenticate(token), token))
                .subscribeOn(this.validation);
        });
    }
}
