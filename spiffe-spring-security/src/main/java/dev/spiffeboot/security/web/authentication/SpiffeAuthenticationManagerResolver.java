package dev.spiffeboot.security.web.authentication;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.security.web.PeerIdentityResolver;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Authenticates the bearer token of a request for Spring Security's {@code BearerTokenAuthenticationFilter}, and
 * puts the request's mTLS peer next to the token's principal so that both identities are known together.
 */
public final class SpiffeAuthenticationManagerResolver implements AuthenticationManagerResolver<HttpServletRequest> {

    private final PeerIdentityResolver peers;

    private final BearerTokenAuthenticator tokens;

    /** A resolver that authenticates tokens with the authenticator and adds the peer the resolver finds. */
    public SpiffeAuthenticationManagerResolver(PeerIdentityResolver peers, BearerTokenAuthenticator tokens) {
        this.peers = peers;
        this.tokens = tokens;
    }

    @Override
    public AuthenticationManager resolve(HttpServletRequest request) {
        return authentication -> authenticate(this.peers.resolve(request), authentication);
    }

    private Authentication authenticate(SpiffeId peer, Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        return new SpiffeAuthentication(peer, this.tokens.authenticate(token), token);
    }
}
