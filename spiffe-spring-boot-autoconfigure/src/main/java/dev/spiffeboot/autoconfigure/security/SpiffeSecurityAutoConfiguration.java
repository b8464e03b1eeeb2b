package dev.spiffeboot.autoconfigure.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.DispatcherType;

import org.springframework.aop.Advisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.method.AuthorizationInterceptorsOrder;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.spiffeboot.autoconfigure.ssl.RejectionListeners;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.workloadapi.BundleSource;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Spring Security for a SPIFFE workload: requests are authenticated by their mTLS peer's SPIFFE ID and by bearer
 * tokens (JWT-SVIDs, and tokens of the issuers in {@code spiffe.jwt.issuers}), authorized by the rules in
 * {@code spiffe.security.policy} and by annotations on controllers. The filter chain backs off when the
 * application declares a {@link SecurityFilterChain}; {@link SpiffeHttpConfigurer} brings the authentication into
 * such a chain.
 */
@AutoConfiguration(after = SpiffeWorkloadApiAutoConfiguration.class,
        beforeName = { "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, BearerTokenAuthenticationFilter.class, ConditionalOnDefaultWebSecurity.class })
@ConditionalOnBean({ X509Source.class, BundleSource.class })
@ConditionalOnBooleanProperty(name = "spiffe.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ SpiffeSecurityProperties.class, SpiffeJwtProperties.class })
@Import({ SpiffeSecurityAutoConfiguration.MethodSecurity.class, SpiffeSecurityAutoConfiguration.WebMvc.class })
public final class SpiffeSecurityAutoConfiguration {

    private static final Duration JWKS_REFRESH_INTERVAL = Duration.ofMinutes(5);

    private static final Duration JWKS_MINIMUM_REFETCH_INTERVAL = Duration.ofSeconds(30);

    @Bean
    SpiffeRequestPolicy spiffeRequestPolicy(SpiffeSecurityProperties properties) {
        return new SpiffeRequestPolicy(AuthorizationPolicy.compile(properties.getPolicy()));
    }

    @Bean
    PeerIdentityResolver spiffePeerIdentityResolver(BundleSource bundles, ObjectProvider<RejectionListener> rejectionListeners) {
        return new PeerIdentityResolver(bundles::x509Bundles, RejectionListeners.of(rejectionListeners), Clock.systemUTC());
    }

    @Bean
    SpiffeAuthenticationManagerResolver spiffeAuthenticationManagerResolver(X509Source x509Source, BundleSource bundles,
            ObjectProvider<WorkloadApiClient> client, SpiffeJwtProperties jwt, PeerIdentityResolver peers) {
        Clock clock = Clock.systemUTC();
        Supplier<Collection<String>> audiences = jwt.getAudiences().isEmpty()
                ? () -> List.of(x509Source.x509Svid().id().toString()) : () -> List.copyOf(jwt.getAudiences());
        TokenVerifier jwtSvids = (jwt.getValidation() == SpiffeJwtProperties.Validation.WORKLOAD_API)
                ? new WorkloadApiJwtSvidVerifier(client.getObject(), bundles::jwtBundles, audiences, jwt.getClockSkew())
                : new LocalJwtSvidVerifier(bundles::jwtBundles, audiences, jwt.getClockSkew(), jwt.getMaxTokenLength(), clock);
        BearerTokenAuthenticator tokens = new BearerTokenAuthenticator(new ValidatedTokenCache(jwt.getCacheSize(), clock),
                jwtSvids, issuerVerifiers(jwt, clock));
        return new SpiffeAuthenticationManagerResolver(peers, tokens);
    }

    @Bean
    SpiffeWebSecurity spiffeWebSecurity(SpiffeAuthenticationManagerResolver authentication, PeerIdentityResolver peers,
            SpiffeJwtProperties jwt, ObjectProvider<BearerTokenRejectionListener> listeners) {
        return new SpiffeWebSecurity(authentication, new StrictBearerTokenConverter(jwt.getMaxTokenLength()), peers,
                listeners.orderedStream().toList());
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

    private static Map<String, TokenVerifier> issuerVerifiers(SpiffeJwtProperties jwt, Clock clock) {
        Map<String, TokenVerifier> verifiers = new LinkedHashMap<>();
        HttpClient http = null;
        for (int i = 0; i < jwt.getIssuers().size(); i++) {
            SpiffeJwtProperties.Issuer issuer = jwt.getIssuers().get(i);
            URI jwkSetUri = IssuerSettings.check(issuer, "spiffe.jwt.issuers[" + i + "]");
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
            }
            RemoteJwkSet keys = new RemoteJwkSet(jwkSetUri, http, clock, JWKS_REFRESH_INTERVAL, JWKS_MINIMUM_REFETCH_INTERVAL);
            verifiers.put(issuer.getIssuer(),
                    new IssuerTokenVerifier(issuer.getIssuer(), issuer.getAudiences(), keys, jwt.getClockSkew(), clock));
        }
        return verifiers;
    }

    /** The controller annotations, enforced around the annotated beans' methods. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Advisor.class)
    @Import(AutoProxyRegistrar.class)
    static class MethodSecurity {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static Advisor spiffeAnnotationAuthorizationAdvisor() {
            AnnotationAuthorizationManager manager = new AnnotationAuthorizationManager(new AnnotationRules());
            AuthorizationManagerBeforeMethodInterceptor interceptor = new AuthorizationManagerBeforeMethodInterceptor(
                    manager.pointcut(), manager);
            interceptor.setOrder(AuthorizationInterceptorsOrder.PRE_AUTHORIZE.getOrder() + 1);
            interceptor.setSecurityContextHolderStrategy(SecurityContextHolder.getContextHolderStrategy());
            return interceptor;
        }
    }

    /** Controller parameters bound to the caller's identities. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebMvcConfigurer.class)
    static class WebMvc implements WebMvcConfigurer {

        @Override
        public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
            resolvers.add(new SpiffeIdentityArgumentResolver(SecurityContextHolder.getContextHolderStrategy()));
        }
    }
}
