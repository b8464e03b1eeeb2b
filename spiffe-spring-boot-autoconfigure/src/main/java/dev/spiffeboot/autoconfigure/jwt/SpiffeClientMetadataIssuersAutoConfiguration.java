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
import org.springframework.util.ClassUtils;

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

    private static final String PREFIX = "spiffe.jwt.client-metadata.";

    private static final String APACHE_HTTP_CLIENT = "org.apache.hc.client5.http.impl.classic.HttpClientBuilder";

    @Bean
    @ConditionalOnMissingBean
    ClientMetadataFetcher spiffeClientMetadataFetcher(SpiffeJwtProperties jwt, ResourceLoader resources,
            @Qualifier(SpiffeSslAutoConfiguration.SSL_CONTEXT_BEAN) ObjectProvider<SSLContext> spiffeSslContext) {
        if (!ClassUtils.isPresent(APACHE_HTTP_CLIENT, resources.getClassLoader())) {
            throw new ClientMetadataSettingsException(PREFIX + "allowed-issuers", "is set, but the documents are fetched "
                    + "with Apache HttpClient, which is not on the class path", "Add the dependency "
                    + "org.apache.httpcomponents.client5:httpclient5 (its version is managed by Spring Boot), or remove "
                    + PREFIX + "allowed-issuers.");
        }
        SpiffeJwtProperties.ClientMetadata settings = jwt.getClientMetadata();
        ClientMetadataFetcher.Builder fetcher = ClientMetadataFetcher.builder()
            .allowLoopback(settings.isAllowLoopback())
            .allowPrivateAddresses(settings.isAllowPrivateAddresses())
            .timeouts(settings.getConnectTimeout(), settings.getFetchTimeout());
        if (settings.getTrust() == SpiffeJwtProperties.ClientMetadata.Trust.SPIFFE) {
            SSLContext spiffe = spiffeSslContext.getIfAvailable();
            if (spiffe == null) {
                throw new ClientMetadataSettingsException(PREFIX + "trust", "is SPIFFE, but this workload has no X509-SVID "
                        + "to fetch documents with (no SPIFFE SSL context)", "Let the workload get an X509-SVID from the "
                        + "Workload API (spiffe.workload-api.address, spiffe.workload-api.fetch-x509-svid=true), or set "
                        + PREFIX + "trust=SYSTEM for documents served with WebPKI certificates.");
            }
            // SPIFFE peers are identified by SPIFFE ID, not by host name
            fetcher.tls(spiffe, false);
        }
        return fetcher.build();
    }

    @Bean
    @ConditionalOnMissingBean
    ClientMetadataTokenVerifier spiffeClientMetadataTokenVerifier(SpiffeJwtProperties jwt, ClientMetadataFetcher fetcher,
            ObjectProvider<OAuth2TokenValidator<Jwt>> validators) {
        SpiffeJwtProperties.ClientMetadata settings = jwt.getClientMetadata();
        AllowedIssuers allowed;
        try {
            allowed = AllowedIssuers.of(settings.getAllowedIssuers(), settings.isAllowLoopback());
        }
        catch (IllegalArgumentException ex) {
            // the message is "[index] pattern: problem"
            int end = ex.getMessage().indexOf(']') + 1;
            throw new ClientMetadataSettingsException(PREFIX + "allowed-issuers" + ex.getMessage().substring(0, end),
                    ex.getMessage().substring(end).trim(), "List client ID URLs (https, with a path, no query nor fragment), exactly or as a path prefix "
                            + "ending in '/*'; plain http only for loopback hosts with " + PREFIX + "allow-loopback=true.");
        }
        List<String> audiences = settings.getAudiences();
        if (audiences.isEmpty() || audiences.stream().anyMatch(String::isBlank)) {
            throw new ClientMetadataSettingsException(PREFIX + "audiences", "must list at least one audience (without empty "
                    + "ones) when " + PREFIX + "allowed-issuers is set", "Set " + PREFIX + "audiences to what clients put "
                            + "in 'aud' for this service, e.g. its URL.");
        }
        if (settings.getMinCacheLifetime().compareTo(settings.getMaxCacheLifetime()) > 0) {
            throw new ClientMetadataSettingsException(PREFIX + "min-cache-lifetime", "(" + settings.getMinCacheLifetime()
                    + ") is longer than " + PREFIX + "max-cache-lifetime (" + settings.getMaxCacheLifetime() + ")",
                    "Set the minimum at most the maximum.");
        }
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
