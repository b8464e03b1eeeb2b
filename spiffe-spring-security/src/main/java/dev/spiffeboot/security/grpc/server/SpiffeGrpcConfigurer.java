package dev.spiffeboot.security.grpc.server;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.ApplicationContext;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.CallContext;
import org.springframework.grpc.server.security.GrpcAuthenticationExtractor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.SecurityConfigurerAdapter;
import org.springframework.util.Assert;

import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.security.policy.AuthorizationPolicy;

/**
 * Applies SPIFFE security to Spring gRPC's {@link GrpcSecurity}: each call is authenticated by its mTLS peer and its
 * bearer token ({@link SpiffeGrpcAuthenticationExtractor}, {@link SpiffeGrpcAuthenticationProvider}) and authorized
 * by the declarative policy ({@link SpiffeCallPolicy}), a refusal ending the call with a status that names the
 * reason ({@link RefusingCallAuthorizationManager}):
 *
 * <pre>{@code
 * @Bean
 * @GlobalServerInterceptor
 * AuthenticationProcessInterceptor grpcSecurity(GrpcSecurity grpc) throws Exception {
 *     return grpc.with(SpiffeGrpcConfigurer.spiffe(), Customizer.withDefaults()).build();
 * }
 * }</pre>
 * Each part can be set; a part not set is taken from the application context (the beans the SPIFFE
 * auto-configuration declares, or yours) or created with defaults. Add a {@link SpiffeGrpcExceptionHandler} and a
 * {@link MethodRefusalInterceptor} bean for the statuses of refused tokens and of refusals by annotations.
 */
public final class SpiffeGrpcConfigurer extends SecurityConfigurerAdapter<AuthenticationProcessInterceptor, GrpcSecurity> {

    private GrpcAuthenticationExtractor authenticationExtractor;

    private AuthenticationProvider authenticationProvider;

    private AuthorizationManager<CallContext> authorizationManager;

    private SpiffeGrpcConfigurer() {
    }

    /** A new configurer, for {@code grpc.with(SpiffeGrpcConfigurer.spiffe(), ...)}. */
    public static SpiffeGrpcConfigurer spiffe() {
        return new SpiffeGrpcConfigurer();
    }

    /**
     * What a call presents (default: the {@link SpiffeGrpcAuthenticationExtractor} bean, else one with the default
     * token length limit).
     */
    public SpiffeGrpcConfigurer authenticationExtractor(GrpcAuthenticationExtractor authenticationExtractor) {
        Assert.notNull(authenticationExtractor, "authenticationExtractor cannot be null");
        this.authenticationExtractor = authenticationExtractor;
        return this;
    }

    /**
     * Who a call's presented identities are (default: the {@link SpiffeGrpcAuthenticationProvider} bean, else one of
     * the {@link PeerVerifier} and {@link BearerTokenAuthenticator} beans).
     */
    public SpiffeGrpcConfigurer authenticationProvider(AuthenticationProvider authenticationProvider) {
        Assert.notNull(authenticationProvider, "authenticationProvider cannot be null");
        this.authenticationProvider = authenticationProvider;
        return this;
    }

    /**
     * Who may make which call (default: the {@link SpiffeCallPolicy} bean, else one of the
     * {@link AuthorizationPolicy} bean). Its refusals end calls through a {@link RefusingCallAuthorizationManager}.
     */
    public SpiffeGrpcConfigurer authorizationManager(AuthorizationManager<CallContext> authorizationManager) {
        Assert.notNull(authorizationManager, "authorizationManager cannot be null");
        this.authorizationManager = authorizationManager;
        return this;
    }

    @Override
    public void init(GrpcSecurity grpc) {
        ApplicationContext context = grpc.getSharedObject(ApplicationContext.class);
        if (this.authenticationExtractor == null) {
            SpiffeGrpcAuthenticationExtractor bean = optional(context, SpiffeGrpcAuthenticationExtractor.class);
            this.authenticationExtractor = (bean != null) ? bean : new SpiffeGrpcAuthenticationExtractor();
        }
        if (this.authenticationProvider == null) {
            SpiffeGrpcAuthenticationProvider bean = optional(context, SpiffeGrpcAuthenticationProvider.class);
            this.authenticationProvider = (bean != null) ? bean : new SpiffeGrpcAuthenticationProvider(
                    required(context, PeerVerifier.class), required(context, BearerTokenAuthenticator.class));
        }
        if (this.authorizationManager == null) {
            SpiffeCallPolicy bean = optional(context, SpiffeCallPolicy.class);
            this.authorizationManager = (bean != null) ? bean : new SpiffeCallPolicy(required(context, AuthorizationPolicy.class));
        }
        grpc.authenticationExtractor(this.authenticationExtractor);
        grpc.authenticationManager(new ProviderManager(this.authenticationProvider));
        grpc.authorizationManager(new RefusingCallAuthorizationManager(this.authorizationManager));
    }

    private static <T> T optional(ApplicationContext context, Class<T> type) {
        return (context != null) ? context.getBeanProvider(type).getIfUnique() : null;
    }

    private static <T> T required(ApplicationContext context, Class<T> type) {
        T bean = optional(context, type);
        if (bean == null) {
            throw new NoSuchBeanDefinitionException(type, "SPIFFE gRPC security needs one " + type.getSimpleName()
                    + ": declare it as a bean, or give the parts to SpiffeGrpcConfigurer");
        }
        return bean;
    }
}
