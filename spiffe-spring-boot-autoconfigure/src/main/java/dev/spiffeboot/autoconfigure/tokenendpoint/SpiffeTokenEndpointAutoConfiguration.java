package dev.spiffeboot.autoconfigure.tokenendpoint;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.spiffeboot.autoconfigure.clientmetadata.SpiffePublicDocumentsAutoConfiguration;
import dev.spiffeboot.autoconfigure.jwt.SpiffeClientMetadataIssuersAutoConfiguration;
import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtAutoConfiguration;
import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtProperties;
import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.DiscoveredIssuerVerifier;
import dev.spiffeboot.security.authentication.IssuerTokenVerifiers;
import dev.spiffeboot.security.authentication.ValidatedTokenCache;
import dev.spiffeboot.security.clientmetadata.AllowedIssuers;
import dev.spiffeboot.security.clientmetadata.ClientMetadataFetcher;
import dev.spiffeboot.security.clientmetadata.ClientMetadataTokenVerifier;
import dev.spiffeboot.security.jwt.LocalJwtSvidVerifier;
import dev.spiffeboot.security.oauth2.HttpsUrls;
import dev.spiffeboot.security.oauth2.server.token.LocalAccessTokens;
import dev.spiffeboot.security.oauth2.server.token.RotatingSigningKeys;
import dev.spiffeboot.security.oauth2.server.token.TokenEndpoint;
import dev.spiffeboot.security.oauth2.server.token.TokenEndpointMetadata;
import dev.spiffeboot.security.web.oauth2.TokenEndpointFilter;
import dev.spiffeboot.security.web.server.oauth2.TokenEndpointWebFilter;
import dev.spiffeboot.workloadapi.JwtSource;

/**
 * This service's own token endpoint, when {@code spiffe.security.token-endpoint.enabled=true}: clients authenticate
 * with a JWT-SVID ({@code jwt-spiffe}) or, when {@code spiffe.jwt.client-metadata.allowed-issuers} accepts them, a JWT
 * of their client ID metadata document ({@code private_key_jwt}), whose only audience is the issuer identifier, and
 * get a short-lived access token ({@link LocalAccessTokens}) that this service's bearer authentication validates
 * locally (its issuer is added to the issuers {@link SpiffeJwtAutoConfiguration} routes tokens to). The endpoint is
 * served before the security filters on the servlet and WebFlux stacks, its RFC 8414 metadata as a public document.
 */
@AutoConfiguration(after = SpiffeClientMetadataIssuersAutoConfiguration.class,
        before = { SpiffeJwtAutoConfiguration.class, SpiffePublicDocumentsAutoConfiguration.class })
@ConditionalOnClass({ TokenEndpoint.class, Jwt.class })
@ConditionalOnBean(JwtSource.class)
@ConditionalOnBooleanProperty(name = "spiffe.security.token-endpoint.enabled")
@EnableConfigurationProperties({ SpiffeTokenEndpointProperties.class, SpiffeJwtProperties.class })
public final class SpiffeTokenEndpointAutoConfiguration {

    private static final String PREFIX = "spiffe.security.token-endpoint.";

    /** Client assertions validated once are remembered this many at most (each for its own lifetime). */
    private static final int ASSERTION_CACHE_SIZE = 1_000;

    @Bean
    @ConditionalOnMissingBean
    RotatingSigningKeys spiffeTokenSigningKeys(SpiffeTokenEndpointProperties properties, SpiffeJwtProperties jwt) {
        return new RotatingSigningKeys(properties.getKeyRotation(), properties.getTokenLifetime().plus(jwt.getClockSkew()),
                Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    LocalAccessTokens spiffeLocalAccessTokens(SpiffeTokenEndpointProperties properties, SpiffeJwtProperties jwt, RotatingSigningKeys keys) {
        URI issuer = checkUrl(properties.getIssuer(), "issuer", true);
        URI resource = checkUrl(properties.effectiveResource(), "resource", false);
        return new LocalAccessTokens(issuer, resource, keys, properties.getTokenLifetime(), jwt.getClockSkew(), Clock.systemUTC());
    }

    /**
     * The endpoint, with its own validation of client assertions: for the issuer identifier as audience, and no
     * other token of this service's API (JWT-SVIDs, and the client ID metadata issuers this service accepts).
     */
    @Bean
    @ConditionalOnMissingBean
    TokenEndpoint spiffeTokenEndpoint(LocalAccessTokens tokens, JwtSource jwtSource, SpiffeJwtProperties jwt,
            ObjectProvider<ClientMetadataFetcher> fetcher) {
        List<String> audience = List.of(tokens.issuer());
        LocalJwtSvidVerifier jwtSvids = LocalJwtSvidVerifier.builder(jwtSource::bundles, () -> audience)
            .clockSkew(jwt.getClockSkew())
            .maxTokenLength(jwt.getMaxTokenLength())
            .build();
        List<DiscoveredIssuerVerifier> clients = List.of();
        ClientMetadataFetcher documents = fetcher.getIfAvailable();
        if (documents != null) {
            SpiffeJwtProperties.ClientMetadata settings = jwt.getClientMetadata();
            clients = List.of(ClientMetadataTokenVerifier.builder(AllowedIssuers.of(settings.getAllowedIssuers(), settings.isAllowLoopback()),
                    audience, documents)
                .clockSkew(jwt.getClockSkew())
                .maxTokenLifetime(settings.getMaxTokenLifetime())
                .maxSizes((int) settings.getMaxDocumentSize().toBytes(), (int) settings.getMaxJwkSetSize().toBytes())
                .cacheSize(settings.getCacheSize())
                .cacheLifetime(settings.getMinCacheLifetime(), settings.getMaxCacheLifetime())
                .minRefetchInterval(settings.getMinRefetchInterval())
                .build());
        }
        BearerTokenAuthenticator assertions = new BearerTokenAuthenticator(new ValidatedTokenCache(ASSERTION_CACHE_SIZE, Clock.systemUTC()),
                jwtSvids, IssuerTokenVerifiers.of(Map.of(), clients));
        return new TokenEndpoint(tokens, assertions);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenEndpointMetadata spiffeTokenEndpointMetadata(LocalAccessTokens tokens, SpiffeTokenEndpointProperties properties) {
        URI issuer = URI.create(tokens.issuer());
        String path = checkPath(properties.getPath());
        return new TokenEndpointMetadata(issuer, URI.create(issuer.getScheme() + "://" + issuer.getRawAuthority() + path));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(FilterRegistrationBean.class)
    static class ServletConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "spiffeTokenEndpointFilter")
        FilterRegistrationBean<TokenEndpointFilter> spiffeTokenEndpointFilter(TokenEndpoint endpoint, SpiffeTokenEndpointProperties properties) {
            FilterRegistrationBean<TokenEndpointFilter> registration = new FilterRegistrationBean<>(
                    new TokenEndpointFilter(endpoint, checkPath(properties.getPath())));
            // before Spring Security's filter (order -100): the client authenticates with the assertion in the form
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class ReactiveConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TokenEndpointWebFilter spiffeTokenEndpointWebFilter(TokenEndpoint endpoint, SpiffeTokenEndpointProperties properties) {
            return new TokenEndpointWebFilter(endpoint, checkPath(properties.getPath()));
        }
    }

    private static String checkPath(String path) {
        if (path == null || !path.startsWith("/") || path.contains("?") || path.contains("#")) {
            throw new TokenEndpointSettingsException(PREFIX + "path must be a path starting with /, got " + path,
                    "Set " + PREFIX + "path to the local path of the endpoint, e.g. /oauth2/token.");
        }
        return path;
    }

    private static URI checkUrl(URI url, String property, boolean required) {
        String action = "Set " + PREFIX + property + " to an https URL without query or fragment (http only for a loopback "
                + "host), e.g. https://orders.example.com" + (required ? "; it is required with " + PREFIX + "enabled=true." : ".");
        if (url == null) {
            throw new TokenEndpointSettingsException(PREFIX + property + " is not set", action);
        }
        if (HttpsUrls.problem(url, true) != null || url.getRawQuery() != null) {
            throw new TokenEndpointSettingsException(PREFIX + property + " is not an https URL without query, fragment or "
                    + "user information: " + url, action);
        }
        return url;
    }
}
