package dev.spiffeboot.autoconfigure.clientmetadata;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.security.oauth2.client.ClientMetadataEndpoints;
import dev.spiffeboot.security.oauth2.client.PublishedClientMetadata;
import dev.spiffeboot.security.oauth2.client.SvidSigningKeys;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * This application's client ID metadata document, when {@code spiffe.client-metadata.client-id} names its URL: JWTs
 * signed as that client with the X509-SVID's key ({@link ClientIdJwts}, used by the RestClient and WebClient
 * customizers' {@code clientIdJwtBearer}), and the document and JWK Set ({@link ClientMetadataEndpoints}, served by
 * {@link SpiffePublicDocumentsAutoConfiguration}). Without an X509-SVID there is nothing to sign with, and the
 * start-up stops.
 */
@AutoConfiguration(after = SpiffeWorkloadApiAutoConfiguration.class)
@ConditionalOnClass(ClientIdJwts.class)
@ConditionalOnProperty("spiffe.client-metadata.client-id")
@EnableConfigurationProperties(SpiffeClientMetadataProperties.class)
public final class SpiffeClientMetadataAutoConfiguration {

    /** The clock difference verifiers are assumed to tolerate, added to how long a replaced key stays published. */
    private static final Duration VERIFIER_CLOCK_SKEW = Duration.ofSeconds(60);

    @Bean
    @ConditionalOnMissingBean
    SvidSigningKeys spiffeSvidSigningKeys(ObjectProvider<X509Source> x509Source, SpiffeClientMetadataProperties properties) {
        X509Source source = x509Source.getIfAvailable();
        if (source == null) {
            throw SpiffeClientMetadataException.noX509Svid();
        }
        return new SvidSigningKeys(source, properties.getTokenLifetime().plus(VERIFIER_CLOCK_SKEW), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    ClientIdJwts spiffeClientIdJwts(SvidSigningKeys keys, SpiffeClientMetadataProperties properties) {
        return new ClientIdJwts(properties.getClientId(), keys, properties.getTokenLifetime(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    PublishedClientMetadata spiffePublishedClientMetadata(SvidSigningKeys keys, SpiffeClientMetadataProperties properties) {
        try {
            return new PublishedClientMetadata(properties.getClientId(), properties.getClientName(),
                    properties.isInlineJwks() ? null : properties.effectiveJwksUri(), keys, properties.getCacheMaxAge());
        }
        catch (IllegalArgumentException ex) {
            throw SpiffeClientMetadataException.invalidSetting("spiffe.client-metadata: " + ex.getMessage(), ex);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    ClientMetadataEndpoints spiffeClientMetadataEndpoints(PublishedClientMetadata metadata, SpiffeClientMetadataProperties properties) {
        try {
            return new ClientMetadataEndpoints(metadata, properties.effectiveDocumentPath(),
                    properties.isInlineJwks() ? null : properties.effectiveJwksPath());
        }
        catch (IllegalArgumentException ex) {
            throw SpiffeClientMetadataException.invalidSetting("spiffe.client-metadata.document-path / jwks-path: " + ex.getMessage(), ex);
        }
    }

}
