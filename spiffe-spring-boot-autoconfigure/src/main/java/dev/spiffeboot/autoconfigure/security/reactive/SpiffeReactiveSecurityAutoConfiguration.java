package dev.spiffeboot.autoconfigure.security.reactive;

import org.springframework.aop.Advisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.reactive.ConditionalOnDefaultReactiveWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;

import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtAutoConfiguration;
import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtProperties;
import dev.spiffeboot.autoconfigure.security.AutoProxyRegistrar;
import dev.spiffeboot.autoconfigure.security.SpiffeSecurityAutoConfiguration;
import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.BearerTokenRejectionListener;
import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.security.authorization.SpiffeReactiveAnnotationAuthorizationManager;
import dev.spiffeboot.security.config.SpiffeServerHttpSecurity;
import dev.spiffeboot.security.policy.AuthorizationPolicy;
import dev.spiffeboot.security.resource.ProtectedResource;
import dev.spiffeboot.security.web.server.ServerPeerIdentityResolver;
import dev.spiffeboot.security.web.server.SpiffeServerAuthenticationEntryPoint;
import dev.spiffeboot.security.web.server.SpiffeServerBearerTokenConverter;
import dev.spiffeboot.security.web.server.SslInfoPeerIdentityResolver;
import dev.spiffeboot.security.web.server.access.SpiffeServerAccessDeniedHandler;
import dev.spiffeboot.security.web.server.access.SpiffeServerRequestPolicy;
import dev.spiffeboot.security.web.server.authentication.SpiffeReactiveAuthenticationManagerResolver;
import dev.spiffeboot.security.web.server.method.SpiffeIdentityArgumentResolver;

/**
 * Spring Security for a SPIFFE workload on WebFlux, the twin of
 * {@link dev.spiffeboot.autoconfigure.security.servlet.SpiffeServletSecurityAutoConfiguration}: exchanges are
 * authenticated by their mTLS peer's SPIFFE ID (the exchange's {@code SslInfo}) and by bearer tokens, authorized by
 * the rules in {@code spiffe.security.policy} and by annotations on controllers. The token verification, its cache
 * and the rules are the web-neutral beans of {@link SpiffeSecurityAutoConfiguration} and
 * {@link SpiffeJwtAutoConfiguration}. The filter chain backs off when the application declares a
 * {@link SecurityWebFilterChain}; {@link SpiffeServerHttpSecurity} brings the authentication into such a chain.
 * Every part backs off for a bean of yours of the same role. With a {@link ProtectedResource}
 * ({@code spiffe.security.resource-metadata.*}) the chain serves its RFC 9728 metadata and its 401s name it.
 */
@AutoConfiguration(after = { SpiffeSecurityAutoConfiguration.class, SpiffeJwtAutoConfiguration.class },
        beforeName = { "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ SecurityWebFilterChain.class, ServerHttpSecurity.class, ConditionalOnDefaultReactiveWebSecurity.class,
        SpiffeServerHttpSecurity.class })
@ConditionalOnBean({ PeerVerifier.class, BearerTokenAuthenticator.class, AuthorizationPolicy.class })
@ConditionalOnBooleanProperty(name = "spiffe.security.enabled", matchIfMissing = true)
@Import({ SpiffeReactiveSecurityAutoConfiguration.MethodSecurity.class, SpiffeReactiveSecurityAutoConfiguration.WebFlux.class })
public final class SpiffeReactiveSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ServerPeerIdentityResolver spiffeServerPeerIdentityResolver(PeerVerifier peers) {
        return new SslInfoPeerIdentityResolver(peers);
    }

    @Bean
    @ConditionalOnMissingBean
    SpiffeServerRequestPolicy spiffeServerRequestPolicy(AuthorizationPolicy policy) {
        return new SpiffeServerRequestPolicy(policy);
    }

    @Bean
    @ConditionalOnMissingBean
    SpiffeServerBearerTokenConverter spiffeServerBearerTokenConverter(SpiffeJwtProperties jwt) {
        return new SpiffeServerBearerTokenConverter(jwt.getMaxTokenLength());
    }

    /** Also what keeps Spring Boot from creating an in-memory user with a generated password. */
    @Bean
    @ConditionalOnMissingBean(ReactiveAuthenticationManagerResolver.class)
    SpiffeReactiveAuthenticationManagerResolver spiffeReactiveAuthenticationManagerResolver(ServerPeerIdentityResolver peers,
            BearerTokenAuthenticator tokens) {
        return new SpiffeReactiveAuthenticationManagerResolver(peers, tokens);
    }

    @Bean
    @ConditionalOnMissingBean
    ServerAuthenticationEntryPoint spiffeServerAuthenticationEntryPoint(ObjectProvider<BearerTokenRejectionListener> listeners,
            ObjectProvider<ProtectedResource> protectedResource) {
        return new SpiffeServerAuthenticationEntryPoint(listeners.orderedStream().toList(), protectedResource.getIfUnique());
    }

    @Bean
    @ConditionalOnMissingBean
    ServerAccessDeniedHandler spiffeServerAccessDeniedHandler() {
        return new SpiffeServerAccessDeniedHandler();
    }

    @Bean
    @ConditionalOnDefaultReactiveWebSecurity
    SecurityWebFilterChain spiffeSecurityWebFilterChain(ServerHttpSecurity http, ServerPeerIdentityResolver peers,
            ReactiveAuthenticationManagerResolver<ServerWebExchange> authenticationManagers,
            SpiffeServerBearerTokenConverter bearerTokens, ServerAuthenticationEntryPoint entryPoint,
            ServerAccessDeniedHandler accessDeniedHandler, SpiffeServerRequestPolicy spiffeServerRequestPolicy,
            ObjectProvider<ProtectedResource> protectedResource) {
        SpiffeServerHttpSecurity spiffe = SpiffeServerHttpSecurity.spiffe()
            .peerIdentityResolver(peers)
            .authenticationManagerResolver(authenticationManagers)
            .bearerTokenConverter(bearerTokens)
            .authenticationEntryPoint(entryPoint)
            .accessDeniedHandler(accessDeniedHandler);
        protectedResource.ifUnique(spiffe::protectedResource);
        spiffe.customize(http);
        http.authorizeExchange(exchanges -> exchanges.anyExchange().access(spiffeServerRequestPolicy));
        // after the DSL, which turns CSRF protection on for its exemption
        http.csrf(csrf -> csrf.disable());
        http.httpBasic(basic -> basic.disable());
        http.formLogin(form -> form.disable());
        http.logout(logout -> logout.disable());
        http.securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        http.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()));
        return http.build();
    }

    /** The controller annotations, enforced around the annotated beans' reactive methods. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Advisor.class)
    @Import(AutoProxyRegistrar.class)
    static class MethodSecurity {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static Advisor spiffeReactiveAnnotationAuthorizationAdvisor() {
            return SpiffeReactiveAnnotationAuthorizationManager.interceptor();
        }
    }

    /** Controller parameters bound to the caller's identities. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebFluxConfigurer.class)
    static class WebFlux implements WebFluxConfigurer {

        @Override
        public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
            configurer.addCustomResolver(new SpiffeIdentityArgumentResolver());
        }
    }
}
