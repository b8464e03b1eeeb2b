package dev.spiffeboot.security.grpc.server;

import java.util.Objects;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Verifies what a gRPC call presented ({@link UnverifiedCallerToken}) as HTTP requests are verified: the client
 * chain as an X509-SVID against the bundles of this moment ({@link PeerVerifier}: a chain that does not verify is
 * logged and ignored), the bearer token by the {@link BearerTokenAuthenticator} (same cache, same refusals). The
 * result is a {@link SpiffeAuthentication}, or an anonymous authentication when nothing verified, which the policy
 * then decides about.
 */
public final class SpiffeGrpcAuthenticationProvider implements AuthenticationProvider {

    private static final String ANONYMOUS_KEY = SpiffeGrpcAuthenticationProvider.class.getName();

    private final PeerVerifier peers;

    private final BearerTokenAuthenticator tokens;

    /** A provider verifying peers and tokens with these. */
    public SpiffeGrpcAuthenticationProvider(PeerVerifier peers, BearerTokenAuthenticator tokens) {
        this.peers = Objects.requireNonNull(peers, "peer verifier");
        this.tokens = Objects.requireNonNull(tokens, "bearer token authenticator");
    }

    /**
     * The caller of a call.
     *
     * @throws dev.spiffeboot.security.authentication.BearerTokenRejectedException for a refused token
     */
    @Override
    public Authentication authenticate(Authentication authentication) {
        UnverifiedCallerToken presented = (UnverifiedCallerToken) authentication;
        RequestPrincipal principal = (presented.bearerToken() != null) ? this.tokens.authenticate(presented.bearerToken()) : null;
        SpiffeId peer = this.peers.verify(presented.chain());
        if (peer == null && principal == null) {
            return new AnonymousAuthenticationToken(ANONYMOUS_KEY, "anonymous", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
        }
        return new SpiffeAuthentication(peer, principal, presented.bearerToken());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UnverifiedCallerToken.class.isAssignableFrom(authentication);
    }
}
