package dev.spiffeboot.autoconfigure.jwt;

import java.util.List;

import javax.net.ssl.SSLContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.spiffeboot.autoconfigure.ssl.SpiffeSslAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.security.clientmetadata.AllowedIssuers;
import dev.spiffeboot.security.clientmetadata.ClientMetadataFetcher;
import dev.spiffeboot.security.clientmetadata.ClientMetadataTokenVerifier;
import dev.spiffeboot.workloadapi.JwtSource;

/**
 * Bearer tokens whose issuer is an OAuth client's client ID metadata document, for the issuers
 * {@code spiffe.jwt.client-metadata.allowed-issuers} accepts (nothing is accepted without it): the fetcher of
 * documents and keys with its SSRF controls, and the verifier, which {@link SpiffeJwtAutoConfiguration} routes those
 * tokens to (after the issuers of {@code spiffe.jwt.issuers}, whose exact entries win). Every web stack and gRPC get
 * it alike, through the bearer-token authenticator. Each bean backs off for one of yours.
 */
@AutoConfiguration(after = { SpiffeWorkloadApiAutoConfiguration.class, SpiffeSslAutoConfiguration.class },
        before = SpiffeJwtAutoConfiguration.class)
@ConditionalOnClass({ ClientMetadataTokenVerifier.class, Jwt.class })
@ConditionalOnBean(JwtSource.class)
@ConditionalOnBooleanProperty(name = "spiffe.security.enabled", matchIfMissing = true)
@Conditional(OnClientMetadataIssuersCondition.class)
@EnableConfigurationProperties(SpiffeJwtProperties.class)
public final class SpiffeClientMetadataIssuersAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ClientMetadataFetcher spiffeClientMetadataFetcher(SpiffeJwtProperties jwt, ResourceLoader resources,
            @Qualifier(SpiffeSslAutoConfiguration.SSL_CONTEXT_BEAN) ObjectProvider<SSLContext> spiffeSslContext) {
        return jwt.getClientMetadata().buildFetcher(resources.getClassLoader(), spiffeSslContext::getIfAvailable);
    }

    @Bean
    @ConditionalOnMissingBean
    ClientMetadataTokenVerifier spiffeClientMetadataTokenVerifier(SpiffeJwtProperties jwt, ClientMetadataFetcher fetcher,
            ObjectProvider<OAuth2TokenValidator<Jwt>> validators) {
        SpiffeJwtProperties.ClientMetadata settings = jwt.getClientMetadata();
        AllowedIssuers allowed = settings.allowList(settings.getAllowedIssuers());
        List<String> audiences = settings.getAudiences();
        if (audiences.isEmpty() || audiences.stream().anyMatch(String::isBlank)) {
            throw settings.settingsException("spiffe.jwt.client-metadata.audiences", "must list at least one audience "
                    + "(without empty ones) when spiffe.jwt.client-metadata.allowed-issuers is set", "Set "
                            + "spiffe.jwt.client-metadata.audiences to what clients put in 'aud' for this service, e.g. its URL.");
        }
        settings.checkCacheLifetimes();
        return ClientMetadataTokenVerifier.builder(allowed, audiences, fetcher)
            .clockSkew(jwt.getClockSkew())
            .maxTokenLifetime(settings.getMaxTokenLifetime())
            .maxSizes((int) settings.getMaxDocumentSize().toBytes(), (int) settings.getMaxJwkSetSize().toBytes())
            .cacheSize(settings.getCacheSize())
            .cacheLifetime(settings.getMinCacheLifetime(), settings.getMaxCacheLifetime())
            .minRefetchInterval(settings.getMinRefetchInterval())
            .validator(SpiffeJwtAutoConfiguration.extraValidator(validators))
            .build();
    }
}
