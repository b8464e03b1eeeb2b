package dev.spiffeboot.autoconfigure.security.grpc;

import io.grpc.BindableService;

import org.springframework.aop.Advisor;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.config.Customizer;

import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtAutoConfiguration;
import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtProperties;
import dev.spiffeboot.autoconfigure.security.AutoProxyRegistrar;
import dev.spiffeboot.autoconfigure.security.SpiffeSecurityAutoConfiguration;
import dev.spiffeboot.autoconfigure.security.reactive.SpiffeReactiveSecurityAutoConfiguration;
import dev.spiffeboot.autoconfigure.security.servlet.SpiffeServletSecurityAutoConfiguration;
import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.BearerTokenRejectionListener;
import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.security.authorization.SpiffeAnnotationAuthorizationManager;
import dev.spiffeboot.security.grpc.server.MethodRefusalInterceptor;
import dev.spiffeboot.security.grpc.server.ServiceAnnotationInterceptor;
import dev.spiffeboot.security.grpc.server.SpiffeCallPolicy;
import dev.spiffeboot.security.grpc.server.SpiffeGrpcAuthenticationExtractor;
import dev.spiffeboot.security.grpc.server.SpiffeGrpcAuthenticationProvider;
import dev.spiffeboot.security.grpc.server.SpiffeGrpcConfigurer;
import dev.spiffeboot.security.grpc.server.SpiffeGrpcExceptionHandler;
import dev.spiffeboot.security.policy.AuthorizationPolicy;

/**
 * Spring Security for the gRPC services of a SPIFFE workload, on Spring gRPC's {@link GrpcSecurity}: each call is
 * authenticated by its mTLS peer's SPIFFE ID and by the bearer token of its {@code authorization} metadata
 * (JWT-SVIDs and the tokens of {@code spiffe.jwt.issuers}, with the HTTP requests' cache and refusals), authorized
 * by the rules of {@code spiffe.security.policy} on the full method name ({@code /package.Service/Method}, method
 * {@code POST}) and by the SPIFFE annotations on the services' methods, per call. Refusals end calls with
 * {@code UNAUTHENTICATED} or {@code PERMISSION_DENIED} naming the reason. The security interceptor backs off when
 * the application declares an {@link AuthenticationProcessInterceptor} (build it with {@link SpiffeGrpcConfigurer});
 * every other part backs off for a bean of yours of the same type.
 */
@AutoConfiguration(after = { SpiffeSecurityAutoConfiguration.class, SpiffeJwtAutoConfiguration.class,
        SpiffeServletSecurityAutoConfiguration.class, SpiffeReactiveSecurityAutoConfiguration.class },
        afterName = "org.springframework.boot.grpc.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration",
        // its resource server interceptor backs off for the SPIFFE one, as the servlet chain's does
        beforeName = "org.springframework.boot.grpc.server.autoconfigure.security.GrpcServerOAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass({ GrpcSecurity.class, BindableService.class, SpiffeGrpcConfigurer.class })
@ConditionalOnBean({ PeerVerifier.class, BearerTokenAuthenticator.class, AuthorizationPolicy.class, BindableService.class })
@ConditionalOnBooleanProperty(name = "spiffe.security.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "spring.grpc.server.enabled", matchIfMissing = true)
@Import(SpiffeGrpcSecurityAutoConfiguration.MethodSecurity.class)
public final class SpiffeGrpcSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SpiffeGrpcAuthenticationExtractor spiffeGrpcAuthenticationExtractor(SpiffeJwtProperties jwt) {
        return new SpiffeGrpcAuthenticationExtractor(jwt.getMaxTokenLength());
    }

    /** Also what keeps Spring Boot from creating an in-memory user with a generated password in a gRPC-only application. */
    @Bean
    @ConditionalOnMissingBean
    SpiffeGrpcAuthenticationProvider spiffeGrpcAuthenticationProvider(PeerVerifier peers, BearerTokenAuthenticator tokens) {
        return new SpiffeGrpcAuthenticationProvider(peers, tokens);
    }

    @Bean
    @ConditionalOnMissingBean
    SpiffeCallPolicy spiffeCallPolicy(AuthorizationPolicy policy) {
        return new SpiffeCallPolicy(policy);
    }

    @Bean
    @ConditionalOnMissingBean
    SpiffeGrpcExceptionHandler spiffeGrpcExceptionHandler(ObjectProvider<BearerTokenRejectionListener> listeners) {
        return new SpiffeGrpcExceptionHandler(listeners.orderedStream().toList());
    }

    @Bean
    @GlobalServerInterceptor
    @ConditionalOnMissingBean
    MethodRefusalInterceptor spiffeGrpcMethodRefusalInterceptor() {
        return new MethodRefusalInterceptor();
    }

    @Bean
    @GlobalServerInterceptor
    @ConditionalOnBean(GrpcSecurity.class)
    @ConditionalOnMissingBean(AuthenticationProcessInterceptor.class)
    AuthenticationProcessInterceptor spiffeGrpcSecurity(GrpcSecurity grpc) throws Exception {
        return grpc.with(SpiffeGrpcConfigurer.spiffe(), Customizer.withDefaults()).build();
    }

    @Bean
    @GlobalServerInterceptor
    @ConditionalOnMissingBean
    ServiceAnnotationInterceptor spiffeGrpcServiceAnnotationInterceptor(ListableBeanFactory beans) {
        return new ServiceAnnotationInterceptor(beans);
    }

    /**
     * The annotations on the beans a gRPC-only application's services call, with the caller in the security context
     * as Spring gRPC sets it around each call; in a web application, its stack's advisor does this. (The services'
     * own methods are decided per call by the {@link ServiceAnnotationInterceptor}.)
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Advisor.class)
    @ConditionalOnNotWebApplication
    @Import(AutoProxyRegistrar.class)
    static class MethodSecurity {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static Advisor spiffeAnnotationAuthorizationAdvisor() {
            return SpiffeAnnotationAuthorizationManager.interceptor();
        }
    }
}
