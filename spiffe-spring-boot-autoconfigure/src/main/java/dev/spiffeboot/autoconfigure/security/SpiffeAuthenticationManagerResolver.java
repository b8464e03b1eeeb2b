package dev.spiffeboot.autoconfigure.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import dev.spiffeboot.security.SpiffeAuthentication;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Authenticates the bearer token of a request for Spring Security's {@code BearerTokenAuthenticationFilter}, and
 * puts the request's mTLS peer next to the token's principal so that both identities are known together.
 */
final class SpiffeAuthenticationManagerResolver implements AuthenticationManagerResolver<HttpServletRequest> {

    private final PeerIdentityResolver peers;

    private final BearerTokenAuthenticator tokens;

    SpiffeAuthenticationManagerResolver(PeerIdentityResolver peers, BearerTokenAuthenticator tokens) {
        this.peers = peers;
        this.tokens = tokens;
    }

    @Override
    public AuthenticationManager resolve(HttpServletRequest request) {
        return authentication -> authenticate(this.peers.resolve(request), authentication);
    }

    private Authentication authenticate(SpiffeId peer, Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        return new SpiffeAuthentication(peer, this.tokens.authenticate(token));
    }
}
