package dev.spiffeboot.security.config;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.BearerTokenRejectionListener;
import dev.spiffeboot.security.resource.ProtectedResource;
import dev.spiffeboot.security.web.PeerIdentityResolver;
import dev.spiffeboot.security.web.ResourceMetadataFilter;
import dev.spiffeboot.security.web.SpiffeAuthenticationEntryPoint;
import dev.spiffeboot.security.web.SpiffeBearerTokenConverter;
import dev.spiffeboot.security.web.access.SpiffeAccessDeniedHandler;
import dev.spiffeboot.security.web.access.SpiffeRequestPolicy;
import dev.spiffeboot.security.web.authentication.PeerAuthenticationFilter;
import dev.spiffeboot.security.web.authentication.SpiffeAuthenticationManagerResolver;

/**
 * Applies SPIFFE authentication to a filter chain, as {@code oauth2ResourceServer()} applies JWT authentication:
 * the mTLS peer's SPIFFE ID and bearer tokens (JWT-SVIDs, other issuers' tokens) become a
 * {@link dev.spiffeboot.security.authentication.SpiffeAuthentication}; refused tokens get 401 with
 * {@code WWW-Authenticate}, refused callers 403 with a problem detail. Authorization stays yours; the declarative
 * rules are the {@link dev.spiffeboot.security.web.access.SpiffeRequestPolicy}:
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain api(HttpSecurity http, SpiffeRequestPolicy spiffeRequestPolicy) {
 *     http.with(SpiffeHttpConfigurer.spiffe(), Customizer.withDefaults())
 *         .authorizeHttpRequests(requests -> requests
 *             .requestMatchers("/actuator/health").permitAll()
 *             .anyRequest().access(spiffeRequestPolicy));
 *     return http.build();
 * }
 * }</pre>
 * Each part can be set; a part not set is taken from the application context (the beans the SPIFFE
 * auto-configuration declares, or yours) or, for the converter, the entry point and the access-denied handler,
 * created with defaults. With a {@link #protectedResource protected resource} (or a {@link ProtectedResource} bean) the
 * chain also serves its RFC 9728 metadata and the default entry point points 401s to it. Given the
 * {@link #peerIdentityResolver peer resolver} and the
 * {@link #bearerTokenAuthenticator token authenticator} (or an
 * {@link #authenticationManagerResolver authentication manager resolver}), it needs no application context.
 */
public final class SpiffeHttpConfigurer extends AbstractHttpConfigurer<SpiffeHttpConfigurer, HttpSecurity> {

    private PeerIdentityResolver peerIdentityResolver;

    private BearerTokenAuthenticator bearerTokenAuthenticator;

    private AuthenticationManagerResolver<HttpServletRequest> authenticationManagerResolver;

    private AuthenticationConverter bearerTokenConverter;

    private AuthenticationEntryPoint authenticationEntryPoint;

    private AccessDeniedHandler accessDeniedHandler;

    private ProtectedResource protectedResource;

    private SpiffeHttpConfigurer() {
    }

    /** A new configurer, for {@code http.with(SpiffeHttpConfigurer.spiffe(), ...)}. */
    public static SpiffeHttpConfigurer spiffe() {
        return new SpiffeHttpConfigurer();
    }

    /** Who the mTLS peer of a request is (default: the {@link PeerIdentityResolver} bean). */
    public SpiffeHttpConfigurer peerIdentityResolver(PeerIdentityResolver peerIdentityResolver) {
        Assert.notNull(peerIdentityResolver, "peerIdentityResolver cannot be null");
        this.peerIdentityResolver = peerIdentityResolver;
        return this;
    }

    /** Who a bearer token speaks for (default: the {@link BearerTokenAuthenticator} bean). */
    public SpiffeHttpConfigurer bearerTokenAuthenticator(BearerTokenAuthenticator bearerTokenAuthenticator) {
        Assert.notNull(bearerTokenAuthenticator, "bearerTokenAuthenticator cannot be null");
        this.bearerTokenAuthenticator = bearerTokenAuthenticator;
        return this;
    }

    /**
     * How bearer tokens are authenticated, replacing the SPIFFE authentication of tokens altogether (default: the
     * {@code AuthenticationManagerResolver<HttpServletRequest>} bean, else the request's peer and the
     * {@link #bearerTokenAuthenticator token authenticator}).
     */
    public SpiffeHttpConfigurer authenticationManagerResolver(
            AuthenticationManagerResolver<HttpServletRequest> authenticationManagerResolver) {
        Assert.notNull(authenticationManagerResolver, "authenticationManagerResolver cannot be null");
        this.authenticationManagerResolver = authenticationManagerResolver;
        return this;
    }

    /**
     * Where a request's bearer token is read from (default: the {@link SpiffeBearerTokenConverter} bean, else one
     * that reads the one {@code Authorization: Bearer} header). Requests it finds a token in are exempt from CSRF
     * protection.
     */
    public SpiffeHttpConfigurer bearerTokenConverter(AuthenticationConverter bearerTokenConverter) {
        Assert.notNull(bearerTokenConverter, "bearerTokenConverter cannot be null");
        this.bearerTokenConverter = bearerTokenConverter;
        return this;
    }

    /** The 401 answer (default: the {@link AuthenticationEntryPoint} bean, else a {@link SpiffeAuthenticationEntryPoint}). */
    public SpiffeHttpConfigurer authenticationEntryPoint(AuthenticationEntryPoint authenticationEntryPoint) {
        Assert.notNull(authenticationEntryPoint, "authenticationEntryPoint cannot be null");
        this.authenticationEntryPoint = authenticationEntryPoint;
        return this;
    }

    /** The 403 answer (default: the {@link AccessDeniedHandler} bean, else a {@link SpiffeAccessDeniedHandler}). */
    public SpiffeHttpConfigurer accessDeniedHandler(AccessDeniedHandler accessDeniedHandler) {
        Assert.notNull(accessDeniedHandler, "accessDeniedHandler cannot be null");
        this.accessDeniedHandler = accessDeniedHandler;
        return this;
    }

    /**
     * What the service publishes as an OAuth 2.0 protected resource (default: the {@link ProtectedResource} bean, if
     * any): the chain serves its RFC 9728 metadata, before authentication, and the default entry point adds
     * {@code resource_metadata} to its 401s (an entry point of yours is left as it is).
     */
    public SpiffeHttpConfigurer protectedResource(ProtectedResource protectedResource) {
        Assert.notNull(protectedResource, "protectedResource cannot be null");
        this.protectedResource = protectedResource;
        return this;
    }

    /** Sets the 401 and 403 answers, unless the chain chose its own, and exempts bearer-token requests from CSRF. */
    @Override
    @SuppressWarnings("unchecked")
    public void init(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        resolveParts(context);
        ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
        if (exceptions != null) {
            exceptions.defaultAuthenticationEntryPointFor(this.authenticationEntryPoint, AnyRequestMatcher.INSTANCE);
            exceptions.defaultAccessDeniedHandlerFor(this.accessDeniedHandler, AnyRequestMatcher.INSTANCE);
        }
        CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrf != null) {
            // as Spring's resource server does: a bearer token is not a credential a browser sends by itself
            csrf.ignoringRequestMatchers(bearerTokenRequests(this.bearerTokenConverter));
        }
    }

    @Override
    public void configure(HttpSecurity http) {
        BearerTokenAuthenticationFilter bearer = new BearerTokenAuthenticationFilter(this.authenticationManagerResolver,
                this.bearerTokenConverter);
        bearer.setAuthenticationEntryPoint(this.authenticationEntryPoint);
        bearer.setAuthenticationFailureHandler(this.authenticationEntryPoint::commence);
        bearer.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
        http.addFilter(postProcess(bearer));
        http.addFilterAfter(postProcess(new PeerAuthenticationFilter(this.peerIdentityResolver, getSecurityContextHolderStrategy())),
                BearerTokenAuthenticationFilter.class);
        if (this.protectedResource != null) {
            http.addFilterBefore(postProcess(new ResourceMetadataFilter(this.protectedResource)), BearerTokenAuthenticationFilter.class);
        }
    }

    /** Exactly the requests the converter finds a bearer token in; not those with another scheme, Basic included. */
    static RequestMatcher bearerTokenRequests(AuthenticationConverter converter) {
        return request -> {
            try {
                return converter.convert(request) != null;
            }
            catch (AuthenticationException ex) {
                // a malformed token is not a bearer token: such requests keep their CSRF protection, as Spring's do
                return false;
            }
        };
    }

    private void resolveParts(ApplicationContext context) {
        if (this.peerIdentityResolver == null) {
            this.peerIdentityResolver = required(context, PeerIdentityResolver.class);
        }
        if (this.authenticationManagerResolver == null && this.bearerTokenAuthenticator == null) {
            this.authenticationManagerResolver = optionalResolver(context);
        }
        if (this.authenticationManagerResolver == null) {
            if (this.bearerTokenAuthenticator == null) {
                this.bearerTokenAuthenticator = required(context, BearerTokenAuthenticator.class);
            }
            this.authenticationManagerResolver = new SpiffeAuthenticationManagerResolver(this.peerIdentityResolver,
                    this.bearerTokenAuthenticator);
        }
        if (this.bearerTokenConverter == null) {
            SpiffeBearerTokenConverter bean = optional(context, SpiffeBearerTokenConverter.class);
            this.bearerTokenConverter = (bean != null) ? bean : new SpiffeBearerTokenConverter();
        }
        if (this.protectedResource == null) {
            this.protectedResource = optional(context, ProtectedResource.class);
        }
        if (this.authenticationEntryPoint == null) {
            AuthenticationEntryPoint bean = optional(context, AuthenticationEntryPoint.class);
            this.authenticationEntryPoint = (bean != null) ? bean
                    : new SpiffeAuthenticationEntryPoint(listeners(context), this.protectedResource);
        }
        if (this.accessDeniedHandler == null) {
            AccessDeniedHandler bean = optional(context, AccessDeniedHandler.class);
            this.accessDeniedHandler = (bean != null) ? bean : new SpiffeAccessDeniedHandler(getSecurityContextHolderStrategy());
        }
    }

    @SuppressWarnings("unchecked")
    private static AuthenticationManagerResolver<HttpServletRequest> optionalResolver(ApplicationContext context) {
        if (context == null) {
            return null;
        }
        ResolvableType type = ResolvableType.forClassWithGenerics(AuthenticationManagerResolver.class, HttpServletRequest.class);
        return (AuthenticationManagerResolver<HttpServletRequest>) context.getBeanProvider(type).getIfUnique();
    }

    private static <T> T required(ApplicationContext context, Class<T> type) {
        T bean = optional(context, type);
        if (bean == null) {
            throw new IllegalStateException("SpiffeHttpConfigurer needs a " + type.getSimpleName() + ": give it one, or "
                    + "let the SPIFFE auto-configuration declare it (a Workload API at spiffe.workload-api.address or "
                    + "SPIFFE_ENDPOINT_SOCKET, and spiffe.security.enabled=true)");
        }
        return bean;
    }

    private static <T> T optional(ApplicationContext context, Class<T> type) {
        return (context != null) ? context.getBeanProvider(type).getIfUnique() : null;
    }

    private static List<BearerTokenRejectionListener> listeners(ApplicationContext context) {
        return (context != null) ? context.getBeanProvider(BearerTokenRejectionListener.class).orderedStream().toList() : List.of();
    }
}
