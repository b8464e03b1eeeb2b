package dev.spiffeboot.autoconfigure.authorizationserver;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.StringUtils;

import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtAutoConfiguration;
import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtProperties;
import dev.spiffeboot.autoconfigure.security.servlet.SpiffeServletSecurityAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.security.jwt.LocalJwtSvidVerifier;
import dev.spiffeboot.security.oauth2.server.authorization.ClientMetadataClients;
import dev.spiffeboot.security.oauth2.server.authorization.JwtSvidClientAuthentication;
import dev.spiffeboot.security.oauth2.server.authorization.JwtSvidClientAuthenticationConfigurer;
import dev.spiffeboot.security.oauth2.server.authorization.JwtSvidClientAuthenticationConverter;
import dev.spiffeboot.security.oauth2.server.authorization.JwtSvidClientAuthenticationProvider;
import dev.spiffeboot.security.oauth2.server.authorization.ResourceIndicatorAudience;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;
import dev.spiffeboot.workloadapi.JwtSource;

/**
 * JWT-SVIDs as OAuth client credentials in Spring Security's authorization server, for an application that has one
 * (a {@link RegisteredClientRepository}, e.g. from Spring Boot's
 * {@code spring.security.oauth2.authorizationserver.client.*}) and a Workload API: clients registered with the
 * {@code spiffe_jwt} authentication method authenticate with a JWT-SVID whose audience is the issuer
 * ({@code spring.security.oauth2.authorizationserver.issuer}, which must be set), validated with the Workload API's
 * JWT bundles. The method is applied to every authorization server filter chain (Spring Boot's, or yours); when the
 * SPIFFE filter chain took the place of Spring Boot's chains, an authorization server chain for the endpoints is
 * added in front of it. Access tokens get the RFC 8707 {@code resource} of a client credentials request as their
 * audience. Each bean backs off for one of yours.
 */
@AutoConfiguration(after = { SpiffeWorkloadApiAutoConfiguration.class, SpiffeJwtAutoConfiguration.class,
        SpiffeServletSecurityAutoConfiguration.class }, afterName = SpiffeAuthorizationServerAutoConfiguration.BOOT_AUTHORIZATION_SERVER)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ RegisteredClientRepository.class, SecurityFilterChain.class, JwtSvidClientAuthentication.class })
@ConditionalOnBean({ JwtSource.class, RegisteredClientRepository.class, AuthorizationServerSettings.class })
@ConditionalOnBooleanProperty(name = "spiffe.security.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "spiffe.authorization-server.jwt-svid-client-authentication.enabled",
        matchIfMissing = true)
public final class SpiffeAuthorizationServerAutoConfiguration {

    static final String BOOT_AUTHORIZATION_SERVER =
            "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration";

    @Bean
    @ConditionalOnMissingBean
    JwtSvidClientAuthentication spiffeJwtSvidClientAuthentication(JwtSource jwtSource,
            RegisteredClientRepository clients, AuthorizationServerSettings settings,
            ObjectProvider<SpiffeJwtProperties> jwtProperties) {
        String issuer = settings.getIssuer();
        if (!StringUtils.hasText(issuer) || settings.isMultipleIssuersAllowed()) {
            throw new SpiffeAuthorizationServerException("JWT-SVID client authentication", settings.isMultipleIssuersAllowed(),
                    "turn JWT-SVID client authentication off with spiffe.authorization-server.jwt-svid-client-authentication.enabled=false");
        }
        SpiffeJwtProperties jwt = jwtProperties.getIfAvailable();
        Duration clockSkew = (jwt != null) ? jwt.getClockSkew() : JwtSvidValidator.DEFAULT_CLOCK_SKEW;
        int maxTokenLength = (jwt != null) ? jwt.getMaxTokenLength() : JwtSvidValidator.DEFAULT_MAX_TOKEN_LENGTH;
        LocalJwtSvidVerifier verifier = LocalJwtSvidVerifier.builder(jwtSource::bundles, () -> List.of(issuer))
            .clockSkew(clockSkew)
            .maxTokenLength(maxTokenLength)
            .build();
        return new JwtSvidClientAuthentication(new JwtSvidClientAuthenticationConverter(maxTokenLength),
                new JwtSvidClientAuthenticationProvider(clients, verifier, issuer));
    }

    /** Brings the method into each authorization server filter chain; chains without one are left as they are. */
    @Bean
    @ConditionalOnMissingBean(name = "spiffeJwtSvidClientAuthenticationCustomizer")
    Customizer<HttpSecurity> spiffeJwtSvidClientAuthenticationCustomizer(
            JwtSvidClientAuthentication clientAuthentication) {
        return http -> http.with(new JwtSvidClientAuthenticationConfigurer(clientAuthentication));
    }

    @Bean
    @ConditionalOnMissingBean
    OAuth2TokenCustomizer<JwtEncodingContext> spiffeResourceIndicatorAudience() {
        return new ResourceIndicatorAudience();
    }

    /**
     * The authorization server's endpoints, when the application declares no filter chain: Spring Boot's chains for
     * them back off for the SPIFFE filter chain (bean {@code spiffeSecurityFilterChain}), which then serves every
     * other request. No login: the clients are workloads, authenticated at the token endpoint. The RFC 8414 metadata
     * advertises the client authentications of the starter that the application has. (The clients of client ID
     * metadata documents, whose auto-configuration comes first, import it too.)
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(name = "spiffeSecurityFilterChain")
    @ConditionalOnMissingBean(name = "authorizationServerSecurityFilterChain")
    static class AuthorizationServerFilterChain {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        SecurityFilterChain spiffeAuthorizationServerSecurityFilterChain(HttpSecurity http,
                ObjectProvider<JwtSvidClientAuthentication> jwtSvidClientAuthentication,
                ObjectProvider<ClientMetadataClients> clientMetadataClients) {
            Consumer<OAuth2AuthorizationServerMetadata.Builder> metadata = values -> { };
            if (jwtSvidClientAuthentication.getIfAvailable() != null) {
                metadata = metadata.andThen(JwtSvidClientAuthentication.advertised());
            }
            if (clientMetadataClients.getIfAvailable() != null) {
                metadata = metadata.andThen(ClientMetadataClients.advertised());
            }
            Consumer<OAuth2AuthorizationServerMetadata.Builder> advertised = metadata;
            http.oauth2AuthorizationServer(server -> {
                http.securityMatcher(server.getEndpointsMatcher());
                server.authorizationServerMetadataEndpoint(endpoint -> endpoint.authorizationServerMetadataCustomizer(advertised));
            });
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
            http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
            http.requestCache(cache -> cache.disable());
            return http.build();
        }
    }
}
