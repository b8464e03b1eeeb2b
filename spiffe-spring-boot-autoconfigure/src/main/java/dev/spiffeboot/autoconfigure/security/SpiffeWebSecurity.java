package dev.spiffeboot.autoconfigure.security;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The parts {@link SpiffeHttpConfigurer} puts into a filter chain, built once from the configuration: the
 * bearer-token filter with the SPIFFE authentication, the peer filter after it, and the 401/403 answers.
 */
final class SpiffeWebSecurity {

    private static final RequestMatcher HAS_AUTHORIZATION_HEADER = request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null;

    private final SpiffeAuthenticationManagerResolver authentication;

    private final StrictBearerTokenConverter tokens;

    private final PeerIdentityResolver peers;

    private final BearerChallengeEntryPoint entryPoint;

    SpiffeWebSecurity(SpiffeAuthenticationManagerResolver authentication, StrictBearerTokenConverter tokens,
            PeerIdentityResolver peers, List<BearerTokenRejectionListener> listeners) {
        this.authentication = authentication;
        this.tokens = tokens;
        this.peers = peers;
        this.entryPoint = new BearerChallengeEntryPoint(listeners);
    }

    /** Sets the 401 and 403 answers, unless the chain chose its own, and exempts token requests from CSRF. */
    @SuppressWarnings("unchecked")
    void init(HttpSecurity http, SecurityContextHolderStrategy contexts) {
        ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
        if (exceptions != null) {
            exceptions.defaultAuthenticationEntryPointFor(this.entryPoint, AnyRequestMatcher.INSTANCE);
            exceptions.defaultAccessDeniedHandlerFor(new ProblemDetailAccessDeniedHandler(contexts), AnyRequestMatcher.INSTANCE);
        }
        CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrf != null) {
            // as Spring's resource server does: a bearer token is not a credential a browser sends by itself
            csrf.ignoringRequestMatchers(HAS_AUTHORIZATION_HEADER);
        }
    }

    BearerTokenAuthenticationFilter bearerTokenFilter(SecurityContextHolderStrategy contexts) {
        BearerTokenAuthenticationFilter filter = new BearerTokenAuthenticationFilter(this.authentication, this.tokens);
        filter.setAuthenticationEntryPoint(this.entryPoint);
        filter.setAuthenticationFailureHandler(this.entryPoint::commence);
        filter.setSecurityContextHolderStrategy(contexts);
        return filter;
    }

    PeerAuthenticationFilter peerFilter(SecurityContextHolderStrategy contexts) {
        return new PeerAuthenticationFilter(this.peers, contexts);
    }
}
