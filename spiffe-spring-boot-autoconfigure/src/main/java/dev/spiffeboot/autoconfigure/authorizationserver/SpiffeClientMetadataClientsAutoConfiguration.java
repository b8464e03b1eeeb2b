package dev.spiffeboot.autoconfigure.authorizationserver;

import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.StringUtils;

import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtAutoConfiguration;
import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtProperties;
import dev.spiffeboot.autoconfigure.security.servlet.SpiffeServletSecurityAutoConfiguration;
import dev.spiffeboot.autoconfigure.ssl.SpiffeSslAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.security.clientmetadata.ClientMetadataFetcher;
import dev.spiffeboot.security.oauth2.server.authorization.ClientMetadataAssertionDecoderFactory;
import dev.spiffeboot.security.oauth2.server.authorization.ClientMetadataClientAuthenticationConfigurer;
import dev.spiffeboot.security.oauth2.server.authorization.ClientMetadataClients;
import dev.spiffeboot.security.oauth2.server.authorization.ClientMetadataRegisteredClientRepository;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;

/**
 * Clients of client ID metadata documents in Spring Security's authorization server, for the client IDs
 * {@code spiffe.authorization-server.client-metadata.allowed-clients} accepts (nothing is accepted without it), for
 * an application that has an authorization server (Spring Boot's {@link AuthorizationServerSettings}): its
 * {@link RegisteredClientRepository} (e.g. Spring Boot's from {@code spring.security.oauth2.authorizationserver.client.*})
 * is decorated so that an allowed {@code client_id} that no registered client has is read from its document
 * ({@link ClientMetadataClients}), or, when it registers no client, the documents' clients are its repository;
 * Spring's {@code private_key_jwt} provider verifies the assertions of such clients with the document's keys, and a
 * document that names a {@code spiffe_id} lets its client authenticate with a JWT-SVID (when the JWT-SVID client
 * authentication is on). With the SPIFFE filter chain and no chain of the application's, the authorization server's
 * endpoints get the chain the JWT-SVID client authentication adds otherwise. The issuer ({@code spring.security.oauth2.authorizationserver.issuer}) must be set: it is
 * the only audience an assertion may carry. Each bean backs off for one of yours.
 */
@AutoConfiguration(after = { SpiffeWorkloadApiAutoConfiguration.class, SpiffeSslAutoConfiguration.class,
        SpiffeJwtAutoConfiguration.class, SpiffeServletSecurityAutoConfiguration.class },
        afterName = SpiffeAuthorizationServerAutoConfiguration.BOOT_AUTHORIZATION_SERVER,
        before = SpiffeAuthorizationServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ RegisteredClientRepository.class, SecurityFilterChain.class, ClientMetadataClients.class })
@ConditionalOnBean(AuthorizationServerSettings.class)
@ConditionalOnBooleanProperty(name = "spiffe.security.enabled", matchIfMissing = true)
@Conditional(OnClientMetadataClientsCondition.class)
@EnableConfigurationProperties(SpiffeAuthorizationServerProperties.class)
@Import(SpiffeAuthorizationServerAutoConfiguration.AuthorizationServerFilterChain.class)
public final class SpiffeClientMetadataClientsAutoConfiguration {

    static final String FETCHER_BEAN = "spiffeAuthorizationServerClientMetadataFetcher";

    /**
     * The fetcher of the clients' documents, with the authorization server's settings: qualified only, so that it
     * is never injected where a resource server's fetcher ({@code spiffe.jwt.client-metadata}) is wanted.
     */
    @Bean(name = FETCHER_BEAN, defaultCandidate = false)
    @ConditionalOnMissingBean(name = FETCHER_BEAN)
    ClientMetadataFetcher spiffeAuthorizationServerClientMetadataFetcher(SpiffeAuthorizationServerProperties properties,
            ResourceLoader resources,
            @Qualifier(SpiffeSslAutoConfiguration.SSL_CONTEXT_BEAN) ObjectProvider<SSLContext> spiffeSslContext) {
        return properties.getClientMetadata().buildFetcher(resources.getClassLoader(), spiffeSslContext::getIfAvailable);
    }

    @Bean
    @ConditionalOnMissingBean
    ClientMetadataClients spiffeClientMetadataClients(SpiffeAuthorizationServerProperties properties,
            @Qualifier(FETCHER_BEAN) ClientMetadataFetcher fetcher, AuthorizationServerSettings settings,
            ObjectProvider<SpiffeJwtProperties> jwtProperties) {
        String issuer = settings.getIssuer();
        if (!StringUtils.hasText(issuer) || settings.isMultipleIssuersAllowed()) {
            throw new SpiffeAuthorizationServerException("Client authentication with client ID metadata documents", settings.isMultipleIssuersAllowed(),
                    "remove " + OnClientMetadataClientsCondition.PROPERTY + " to accept no client ID metadata document client");
        }
        SpiffeAuthorizationServerProperties.ClientMetadata clients = properties.getClientMetadata();
        clients.checkCacheLifetimes();
        SpiffeJwtProperties jwt = jwtProperties.getIfAvailable();
        Duration clockSkew = (jwt != null) ? jwt.getClockSkew() : JwtSvidValidator.DEFAULT_CLOCK_SKEW;
        int maxAssertionLength = (jwt != null) ? jwt.getMaxTokenLength() : JwtSvidValidator.DEFAULT_MAX_TOKEN_LENGTH;
        return ClientMetadataClients.builder(clients.allowList(clients.getAllowedClients()), issuer, fetcher)
            .scopes(clients.getScopes())
            .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(clients.getAccessTokenTimeToLive()).build())
            .clockSkew(clockSkew)
            .maxAssertionLifetime(clients.getMaxAssertionLifetime())
            .maxAssertionLength(maxAssertionLength)
            .maxRememberedAssertions(clients.getMaxRememberedAssertions())
            .maxSizes((int) clients.getMaxDocumentSize().toBytes(), (int) clients.getMaxJwkSetSize().toBytes())
            .cacheSize(clients.getCacheSize())
            .cacheLifetime(clients.getMinCacheLifetime(), clients.getMaxCacheLifetime())
            .minRefetchInterval(clients.getMinRefetchInterval())
            .build();
    }

    /**
     * The repository of an authorization server that registers no client (Spring Boot declares one only for
     * {@code spring.security.oauth2.authorizationserver.client.*}): the clients of documents alone. It comes before
     * the JWT-SVID client authentication's auto-configuration, which needs a repository.
     */
    @Bean
    @ConditionalOnMissingBean
    RegisteredClientRepository spiffeRegisteredClientRepository(ClientMetadataClients clients) {
        return ClientMetadataRegisteredClientRepository.withoutRegisteredClients(clients);
    }

    /**
     * Decorates the application's {@link RegisteredClientRepository} (Spring Boot's, or yours) with the clients of
     * documents; the clients are looked up when the repository is created, not before.
     */
    @Bean
    @ConditionalOnMissingBean(name = "spiffeClientMetadataRegisteredClientRepository")
    static BeanPostProcessor spiffeClientMetadataRegisteredClientRepository(ObjectProvider<ClientMetadataClients> clients) {
        return new BeanPostProcessor() {

            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof RegisteredClientRepository registered
                        && !(bean instanceof ClientMetadataRegisteredClientRepository)) {
                    return new ClientMetadataRegisteredClientRepository(registered, clients.getObject());
                }
                return bean;
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    ClientMetadataAssertionDecoderFactory spiffeClientMetadataAssertionDecoders(ClientMetadataClients clients) {
        return new ClientMetadataAssertionDecoderFactory(clients);
    }

    /** Brings the assertions' decoders into each authorization server filter chain; others are left as they are. */
    @Bean
    @ConditionalOnMissingBean(name = "spiffeClientMetadataClientAuthenticationCustomizer")
    Customizer<HttpSecurity> spiffeClientMetadataClientAuthenticationCustomizer(ClientMetadataAssertionDecoderFactory decoders) {
        return http -> http.with(new ClientMetadataClientAuthenticationConfigurer(decoders));
    }
}
