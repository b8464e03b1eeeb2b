package dev.spiffeboot.autoconfigure.security.servlet;

import java.util.List;

import jakarta.servlet.DispatcherType;

import org.springframework.aop.Advisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtAutoConfiguration;
import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtProperties;
import dev.spiffeboot.autoconfigure.security.AutoProxyRegistrar;
import dev.spiffeboot.autoconfigure.security.SpiffeSecurityAutoConfiguration;
import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.BearerTokenRejectionListener;
import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.security.authorization.SpiffeAnnotationAuthorizationManager;
import dev.spiffeboot.security.config.SpiffeHttpConfigurer;
import dev.spiffeboot.security.policy.AuthorizationPolicy;
import dev.spiffeboot.security.resource.ProtectedResource;
import dev.spiffeboot.security.web.ClientCertificatePeerIdentityResolver;
import dev.spiffeboot.security.web.PeerIdentityResolver;
import dev.spiffeboot.security.web.SpiffeAuthenticationEntryPoint;
import dev.spiffeboot.security.web.SpiffeBearerTokenConverter;
import dev.spiffeboot.security.web.access.SpiffeAccessDeniedHandler;
import dev.spiffeboot.security.web.access.SpiffeRequestPolicy;
import dev.spiffeboot.security.web.authentication.SpiffeAuthenticationManagerResolver;
import dev.spiffeboot.security.web.method.SpiffeIdentityArgumentResolver;

/**
 * Spring Security for a SPIFFE workload on Spring MVC: requests are authenticated by their mTLS peer's SPIFFE ID
 * and by bearer tokens (JWT-SVIDs, and tokens of the issuers in {@code spiffe.jwt.issuers}), authorized by the rules
 * in {@code spiffe.security.policy} and by annotations on controllers. The filter chain backs off when the
 * application declares a {@link SecurityFilterChain}; {@link SpiffeHttpConfigurer} brings the authentication into
 * such a chain. Every part backs off for a bean of yours of the same role: the peer resolver, the token converter,
 * the authentication manager resolver, the request policy, the entry point and the access-denied handler. With a
 * {@link ProtectedResource} ({@code spiffe.security.resource-metadata.*}) the chain serves its RFC 9728 metadata and
 * its 401s name it.
 */
@AutoConfiguration(after = { SpiffeSecurityAutoConfiguration.class, SpiffeJwtAutoConfiguration.class },
        beforeName = { "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, BearerTokenAuthenticationFilter.class, ConditionalOnDefaultWebSecurity.class,
        SpiffeHttpConfigurer.class })
@ConditionalOnBean({ PeerVerifier.class, BearerTokenAuthenticator.class, AuthorizationPolicy.class })
@ConditionalOnBooleanProperty(name = "spiffe.security.enabled", matchIfMissing = true)
@Import({ SpiffeServletSecurityAutoConfiguration.MethodSecurity.class, SpiffeServletSecurityAutoConfiguration.WebMvc.class })
public final class SpiffeServletSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PeerIdentityResolver spiffePeerIdentityResolver(PeerVerifier peers) {
        return new ClientCertificatePeerIdentityResolver(peers);
    }

    @Bean
    @ConditionalOnMissingBean
    SpiffeRequestPolicy spiffeRequestPolicy(AuthorizationPolicy policy) {
        return new SpiffeRequestPolicy(policy);
    }

    @Bean
    @ConditionalOnMissingBean
    SpiffeBearerTokenConverter spiffeBearerTokenConverter(SpiffeJwtProperties jwt) {
        return new SpiffeBearerTokenConverter(jwt.getMaxTokenLength());
    }

    /** Also what keeps Spring Boot from creating an in-memory user with a generated password. */
    @Bean
    @ConditionalOnMissingBean(AuthenticationManagerResolver.class)
    SpiffeAuthenticationManagerResolver spiffeAuthenticationManagerResolver(PeerIdentityResolver peers,
            BearerTokenAuthenticator tokens) {
        return new SpiffeAuthenticationManagerResolver(peers, tokens);
    }

    @Bean
    @ConditionalOnMissingBean
    AuthenticationEntryPoint spiffeAuthenticationEntryPoint(ObjectProvider<BearerTokenRejectionListener> listeners,
            ObjectProvider<ProtectedResource> protectedResource) {
        return new SpiffeAuthenticationEntryPoint(listeners.orderedStream().toList(), protectedResource.getIfUnique());
    }

    @Bean
    @ConditionalOnMissingBean
    AccessDeniedHandler spiffeAccessDeniedHandler() {
        return new SpiffeAccessDeniedHandler();
    }

    @Bean
    @Order(SecurityFilterProperties.BASIC_AUTH_ORDER)
    @ConditionalOnDefaultWebSecurity
    SecurityFilterChain spiffeSecurityFilterChain(HttpSecurity http, SpiffeRequestPolicy spiffeRequestPolicy) {
        http.with(SpiffeHttpConfigurer.spiffe(), Customizer.withDefaults());
        http.authorizeHttpRequests(requests -> requests
            // the request was authorized before it failed; let the error page render
            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
            .anyRequest().access(spiffeRequestPolicy));
        http.csrf(csrf -> csrf.disable());
        http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        http.requestCache(cache -> cache.disable());
        return http.build();
    }

    /** The controller annotations, enforced around the annotated beans' methods. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Advisor.class)
    @Import(AutoProxyRegistrar.class)
    static class MethodSecurity {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static Advisor spiffeAnnotationAuthorizationAdvisor() {
            return SpiffeAnnotationAuthorizationManager.interceptor();
        }
    }

    /** Controller parameters bound to the caller's identities. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebMvcConfigurer.class)
    static class WebMvc implements WebMvcConfigurer {

        @Override
        public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
            resolvers.add(new SpiffeIdentityArgumentResolver());
        }
    }
}
