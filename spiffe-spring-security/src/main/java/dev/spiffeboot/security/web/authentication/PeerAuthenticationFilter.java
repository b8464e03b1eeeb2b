package dev.spiffeboot.security.web.authentication;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.security.web.PeerIdentityResolver;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Authenticates a request by its mTLS peer alone when no bearer token did: runs after the bearer-token filter and
 * leaves an authentication set by it (which already carries the peer) alone.
 */
public final class PeerAuthenticationFilter extends OncePerRequestFilter {

    private final PeerIdentityResolver peers;

    private final SecurityContextHolderStrategy contexts;

    private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

    /** A filter that asks the resolver for the peer and keeps the authentication in the context strategy. */
    public PeerAuthenticationFilter(PeerIdentityResolver peers, SecurityContextHolderStrategy contexts) {
        this.peers = peers;
        this.contexts = contexts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (this.contexts.getContext().getAuthentication() == null) {
            SpiffeId peer = this.peers.resolve(request);
            if (peer != null) {
                SecurityContext context = this.contexts.createEmptyContext();
                context.setAuthentication(new SpiffeAuthentication(peer, null));
                this.contexts.setContext(context);
                // kept for the error dispatch of this request, as the bearer-token filter does
                this.repository.saveContext(context, request, response);
            }
        }
        chain.doFilter(request, response);
    }
}
