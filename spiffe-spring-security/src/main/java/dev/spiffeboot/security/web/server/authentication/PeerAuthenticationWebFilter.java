package dev.spiffeboot.security.web.server.authentication;

import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.security.web.server.ServerPeerIdentityResolver;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Authenticates an exchange by its mTLS peer alone when no bearer token did, the reactive twin of
 * {@link dev.spiffeboot.security.web.authentication.PeerAuthenticationFilter}: runs after the bearer-token
 * {@code AuthenticationWebFilter} and leaves an authentication set by it (which already carries the peer) alone.
 * The authentication lives in the exchange's Reactor context only; nothing is stored.
 */
public final class PeerAuthenticationWebFilter implements WebFilter {

    private final ServerPeerIdentityResolver peers;

    /** A filter that asks the resolver for the peer. */
    public PeerAuthenticationWebFilter(ServerPeerIdentityResolver peers) {
        this.peers = Objects.requireNonNull(peers, "peers");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
            .filter(context -> context.getAuthentication() != null)
            .hasElement()
            .flatMap(authenticated -> {
                SpiffeId peer = authenticated ? null : this.peers.resolve(exchange);
                if (peer == null) {
                    return chain.filter(exchange);
                }
                return chain.filter(exchange)
                    .contextWrite(ReactiveSecurityContextHolder.withAuthentication(new SpiffeAuthentication(peer, null)));
            });
    }
}
