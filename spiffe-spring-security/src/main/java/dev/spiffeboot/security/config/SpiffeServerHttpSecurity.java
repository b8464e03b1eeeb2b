package dev.spiffeboot.security.config;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.BearerTokenRejectionListener;
import dev.spiffeboot.security.resource.ProtectedResource;
import dev.spiffeboot.security.web.server.ResourceMetadataWebFilter;
import dev.spiffeboot.security.web.server.ServerPeerIdentityResolver;
import dev.spiffeboot.security.web.server.SpiffeServerAuthenticationEntryPoint;
import dev.spiffeboot.security.web.server.SpiffeServerBearerTokenConverter;
import dev.spiffeboot.security.web.server.access.SpiffeServerAccessDeniedHandler;
import dev.spiffeboot.security.web.server.authentication.PeerAuthenticationWebFilter;
import dev.spiffeboot.security.web.server.authentication.SpiffeReactiveAuthenticationManagerResolver;

/**
 * Applies SPIFFE authentication to a WebFlux {@link ServerHttpSecurity}, the reactive twin of
 * {@link SpiffeHttpConfigurer}: the mTLS peer's SPIFFE ID and bearer tokens (JWT-SVIDs, other issuers' tokens)
 * become a {@link dev.spiffeboot.security.authentication.SpiffeAuthentication}; refused tokens get 401 with
 * {@code WWW-Authenticate}, refused callers 403 with a problem detail. Authorization stays yours; the declarative
 * rules are the {@link dev.spiffeboot.security.web.server.access.SpiffeServerRequestPolicy}:
 *
 * <pre>{@code
 * @Bean
 * SecurityWebFilterChain api(ServerHttpSecurity http, ServerPeerIdentityResolver peers, BearerTokenAuthenticator tokens,
 *         SpiffeServerRequestPolicy policy) {
 *     SpiffeServerHttpSecurity.spiffe().peerIdentityResolver(peers).bearerTokenAuthenticator(tokens).customize(http);
 *     http.authorizeExchange(exchanges -> exchanges
 *             .pathMatchers("/actuator/health").permitAll()
 *             .anyExchange().access(policy));
 *     return http.build();
 * }
 * }</pre>
 * Each part can be set as on {@link SpiffeHttpConfigurer}. {@code ServerHttpSecurity} has no application context to
 * look parts up in, so the {@link #peerIdentityResolver peer resolver} and the
 * {@link #bearerTokenAuthenticator token authenticator} (or an
 * {@link #authenticationManagerResolver authentication manager resolver}) must be given; the converter, the entry
 * point and the access-denied handler default to the SPIFFE ones. With a {@link #protectedResource protected resource}
 * the chain also serves its RFC 9728 metadata and the default entry point points 401s to it.
 * <p>
 * Applying it sets the chain's entry point and access-denied handler (set yours on this object, or call
 * {@code exceptionHandling} after it) and exempts from CSRF protection exactly the requests its converter finds a
 * bearer token in. That goes through {@code http.csrf(...)}, which turns CSRF protection back on if it was disabled
 * before: disable CSRF after applying this, if at all.
 */
public final class SpiffeServerHttpSecurity implements Customizer<ServerHttpSecurity> {

    private ServerPeerIdentityResolver peerIdentityResolver;

    private BearerTokenAuthenticator bearerTokenAuthenticator;

    private ReactiveAuthenticationManagerResolver<ServerWebExchange> authenticationManagerResolver;

    private ServerAuthenticationConverter bearerTokenConverter = new SpiffeServerBearerTokenConverter();

    private ServerAuthenticationEntryPoint authenticationEntryPoint;

    private ServerAccessDeniedHandler accessDeniedHandler = new SpiffeServerAccessDeniedHandler();

    private List<BearerTokenRejectionListener> rejectionListeners = List.of();

    private ProtectedResource protectedResource;

    private SpiffeServerHttpSecurity() {
    }

    /** A new customizer, for {@code SpiffeServerHttpSecurity.spiffe()....customize(http)}. */
    public static SpiffeServerHttpSecurity spiffe() {
        return new SpiffeServerHttpSecurity();
    }

    /** Who the mTLS peer of an exchange is (required, e.g. an {@code SslInfoPeerIdentityResolver}). */
    public SpiffeServerHttpSecurity peerIdentityResolver(ServerPeerIdentityResolver peerIdentityResolver) {
        Assert.notNull(peerIdentityResolver, "peerIdentityResolver cannot be null");
        this.peerIdentityResolver = peerIdentityResolver;
        return this;
    }

    /** Who a bearer token speaks for (required unless an authentication manager resolver is given). */
    public SpiffeServerHttpSecurity bearerTokenAuthenticator(BearerTokenAuthenticator bearerTokenAuthenticator) {
        Assert.notNull(bearerTokenAuthenticator, "bearerTokenAuthenticator cannot be null");
        this.bearerTokenAuthenticator = bearerTokenAuthenticator;
        return this;
    }

    /**
     * How bearer tokens are authenticated, replacing the SPIFFE authentication of tokens altogether (default: a
     * {@link SpiffeReactiveAuthenticationManagerResolver} of the peer resolver and the token authenticator).
     */
    public SpiffeServerHttpSecurity authenticationManagerResolver(
            ReactiveAuthenticationManagerResolver<ServerWebExchange> authenticationManagerResolver) {
        Assert.notNull(authenticationManagerResolver, "authenticationManagerResolver cannot be null");
        this.authenticationManagerResolver = authenticationManagerResolver;
        return this;
    }

    /**
     * Where an exchange's bearer token is read from (default: a {@link SpiffeServerBearerTokenConverter}). Requests
     * it finds a token in are exempt from CSRF protection.
     */
    public SpiffeServerHttpSecurity bearerTokenConverter(ServerAuthenticationConverter bearerTokenConverter) {
        Assert.notNull(bearerTokenConverter, "bearerTokenConverter cannot be null");
        this.bearerTokenConverter = bearerTokenConverter;
        return this;
    }

    /** The 401 answer (default: a {@link SpiffeServerAuthenticationEntryPoint} telling the rejection listeners). */
    public SpiffeServerHttpSecurity authenticationEntryPoint(ServerAuthenticationEntryPoint authenticationEntryPoint) {
        Assert.notNull(authenticationEntryPoint, "authenticationEntryPoint cannot be null");
        this.authenticationEntryPoint = authenticationEntryPoint;
        return this;
    }

    /** The 403 answer (default: a {@link SpiffeServerAccessDeniedHandler}). */
    public SpiffeServerHttpSecurity accessDeniedHandler(ServerAccessDeniedHandler accessDeniedHandler) {
        Assert.notNull(accessDeniedHandler, "accessDeniedHandler cannot be null");
        this.accessDeniedHandler = accessDeniedHandler;
        return this;
    }

    /** Who the default entry point tells about refused tokens (e.g. to count refusals; default: nobody). */
    public SpiffeServerHttpSecurity rejectionListeners(List<? extends BearerTokenRejectionListener> rejectionListeners) {
        Assert.notNull(rejectionListeners, "rejectionListeners cannot be null");
        this.rejectionListeners = List.copyOf(rejectionListeners);
        return this;
    }

    /**
     * What the service publishes as an OAuth 2.0 protected resource (default: nothing): the chain serves its RFC 9728
     * metadata, before authentication, and the default entry point adds {@code resource_metadata} to its 401s (an
     * entry point of yours is left as it is).
     */
    public SpiffeServerHttpSecurity protectedResource(ProtectedResource protectedResource) {
        Assert.notNull(protectedResource, "protectedResource cannot be null");
        this.protectedResource = protectedResource;
        return this;
    }

    /**
     * Adds the bearer-token {@code AuthenticationWebFilter} and the {@link PeerAuthenticationWebFilter} after it (and,
     * given a protected resource, the {@link ResourceMetadataWebFilter} before it), sets the 401 and 403 answers, and
     * exempts bearer-token requests from CSRF protection.
     *
     * @throws IllegalStateException if the peer resolver, or both the token authenticator and an authentication
     * manager resolver, are missing
     */
    @Override
    public void customize(ServerHttpSecurity http) {
        if (this.peerIdentityResolver == null) {
            throw new IllegalStateException("SpiffeServerHttpSecurity needs a ServerPeerIdentityResolver: give it one with "
                    + "peerIdentityResolver(...), e.g. an SslInfoPeerIdentityResolver");
        }
        ReactiveAuthenticationManagerResolver<ServerWebExchange> managers = this.authenticationManagerResolver;
        if (managers == null) {
            if (this.bearerTokenAuthenticator == null) {
                throw new IllegalStateException("SpiffeServerHttpSecurity needs a BearerTokenAuthenticator (or a "
                        + "ReactiveAuthenticationManagerResolver): give it one with bearerTokenAuthenticator(...)");
            }
            managers = new SpiffeReactiveAuthenticationManagerResolver(this.peerIdentityResolver, this.bearerTokenAuthenticator);
        }
        ServerAuthenticationEntryPoint entryPoint = (this.authenticationEntryPoint != null) ? this.authenticationEntryPoint
                : new SpiffeServerAuthenticationEntryPoint(this.rejectionListeners, this.protectedResource);
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(managers);
        bearer.setServerAuthenticationConverter(this.bearerTokenConverter);
        bearer.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(entryPoint));
        http.addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION);
        http.addFilterAfter(new PeerAuthenticationWebFilter(this.peerIdentityResolver), SecurityWebFiltersOrder.AUTHENTICATION);
        if (this.protectedResource != null) {
            http.addFilterBefore(new ResourceMetadataWebFilter(this.protectedResource), SecurityWebFiltersOrder.AUTHENTICATION);
        }
        http.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint)
            .accessDeniedHandler(this.accessDeniedHandler));
        // as Spring's resource server does: a bearer token is not a credential a browser sends by itself
        http.csrf(csrf -> csrf.requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(CsrfWebFilter.DEFAULT_CSRF_MATCHER,
                new NegatedServerWebExchangeMatcher(bearerTokenRequests(this.bearerTokenConverter)))));
    }

    /** Exactly the requests the converter finds a bearer token in; not those with another scheme, Basic included. */
    static ServerWebExchangeMatcher bearerTokenRequests(ServerAuthenticationConverter converter) {
        return exchange -> converter.convert(exchange)
            .flatMap(token -> ServerWebExchangeMatcher.MatchResult.match())
            // a malformed token is not a bearer token: such requests keep their CSRF protection, as Spring's do
            .onErrorResume(AuthenticationException.class, ex -> ServerWebExchangeMatcher.MatchResult.notMatch())
            .switchIfEmpty(Mono.defer(ServerWebExchangeMatcher.MatchResult::notMatch));
    }
}
