package dev.spiffeboot.autoconfigure.jwt;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.DiscoveredIssuerVerifier;
import dev.spiffeboot.security.authentication.IssuerTokenVerifiers;
import dev.spiffeboot.security.authentication.JwtSvidVerifier;
import dev.spiffeboot.security.authentication.TokenVerifier;
import dev.spiffeboot.security.authentication.ValidatedTokenCache;
import dev.spiffeboot.security.jwt.IssuerTokenVerifier;
import dev.spiffeboot.security.jwt.LocalJwtSvidVerifier;
import dev.spiffeboot.security.jwt.WorkloadApiJwtSvidVerifier;
import dev.spiffeboot.security.oauth2.server.token.LocalAccessTokens;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.BundleSource;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Bearer-token authentication for every web stack: JWT-SVIDs validated with the JWT bundles of the
 * {@link JwtSource} (or by the Workload API's {@code ValidateJWTSVID}), the tokens of the issuers in
 * {@code spiffe.jwt.issuers} and of the discovered issuers ({@link DiscoveredIssuerVerifier} beans, e.g. client ID
 * metadata documents, {@link SpiffeClientMetadataIssuersAutoConfiguration}), and the cache of validated tokens. Each bean backs off for one of yours; beans of type
 * {@code OAuth2TokenValidator<Jwt>} add checks to every token (as they do for Spring Boot's resource server).
 */
@AutoConfiguration(after = SpiffeWorkloadApiAutoConfiguration.class)
@ConditionalOnClass({ BearerTokenAuthenticator.class, Jwt.class })
@ConditionalOnBean(JwtSource.class)
@ConditionalOnBooleanProperty(name = "spiffe.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SpiffeJwtProperties.class)
public final class SpiffeJwtAutoConfiguration {

    /** The application's validators as one, or {@code null} when it has none. */
    static OAuth2TokenValidator<Jwt> extraValidator(ObjectProvider<OAuth2TokenValidator<Jwt>> validators) {
        List<OAuth2TokenValidator<Jwt>> all = validators.orderedStream().toList();
        return all.isEmpty() ? null : new DelegatingOAuth2TokenValidator<>(all);
    }

    /**
     * The audiences accepted: those configured, else this workload's own SPIFFE ID; none for a workload without an
     * X509-SVID and without configured audiences, which then refuses every JWT-SVID.
     */
    private static Supplier<Collection<String>> audiences(SpiffeJwtProperties jwt, ObjectProvider<X509Source> x509Source) {
        if (!jwt.getAudiences().isEmpty()) {
            List<String> configured = List.copyOf(jwt.getAudiences());
            return () -> configured;
        }
        X509Source source = x509Source.getIfAvailable();
        return (source != null) ? () -> List.of(source.x509Svid().id().toString()) : List::of;
    }

    @Bean
    @ConditionalOnMissingBean
    JwtSvidVerifier spiffeJwtSvidVerifier(JwtSource jwtSource, ObjectProvider<X509Source> x509Source,
            ObjectProvider<WorkloadApiClient> client, SpiffeJwtProperties jwt, ObjectProvider<OAuth2TokenValidator<Jwt>> validators) {
        Supplier<Collection<String>> audiences = audiences(jwt, x509Source);
        if (jwt.getValidation() == SpiffeJwtProperties.Validation.WORKLOAD_API) {
            return new WorkloadApiJwtSvidVerifier(client.getObject(), jwtSource::bundles, audiences, jwt.getClockSkew(),
                    extraValidator(validators));
        }
        return LocalJwtSvidVerifier.builder(jwtSource::bundles, audiences)
            .clockSkew(jwt.getClockSkew())
            .maxTokenLength(jwt.getMaxTokenLength())
            .validator(extraValidator(validators))
            .build();
    }

    @Bean
    @ConditionalOnMissingBean
    IssuerTokenVerifiers spiffeIssuerTokenVerifiers(SpiffeJwtProperties jwt, ObjectProvider<OAuth2TokenValidator<Jwt>> validators,
            ObjectProvider<DiscoveredIssuerVerifier> discovered, ObjectProvider<LocalAccessTokens> localAccessTokens,
            ObjectProvider<X509Source> x509Source, ObjectProvider<BundleSource> bundles) {
        List<DiscoveredIssuerVerifier> discoveredIssuers = discovered.orderedStream().toList();
        Map<String, TokenVerifier> verifiers = new LinkedHashMap<>();
        // this service's own access tokens, validated without a network call
        localAccessTokens.ifAvailable(local -> verifiers.put(local.issuer(), local));
        if (jwt.getIssuers().isEmpty()) {
            return IssuerTokenVerifiers.of(verifiers, discoveredIssuers);
        }
        HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
        for (int i = 0; i < jwt.getIssuers().size(); i++) {
            SpiffeJwtProperties.Issuer issuer = jwt.getIssuers().get(i);
            try {
                verifiers.put(issuer.getIssuer(), IssuerTokenVerifier.builder(issuer.getIssuer())
                    .audiences(issuer.getAudiences())
                    .jwkSetUri(issuer.getJwkSetUri())
                    .httpClient((issuer.getJwkSetSpiffeId() != null)
                            ? spiffeHttpClient(issuer.getJwkSetSpiffeId(), x509Source.getIfAvailable(), bundles.getIfAvailable()) : http)
                    .clockSkew(jwt.getClockSkew())
                    .validator(extraValidator(validators))
                    .build());
            }
            catch (IllegalArgumentException ex) {
                // the message says it all: the property named and what is wrong with it
                throw new IllegalArgumentException("spiffe.jwt.issuers[" + i + "]." + ex.getMessage());
            }
        }
        return IssuerTokenVerifiers.of(verifiers, discoveredIssuers);
    }

    /** A client of the JWK Set of an issuer that is a SPIFFE workload: SPIFFE mTLS, the server presenting the ID. */
    private static HttpClient spiffeHttpClient(String spiffeId, X509Source x509Source, BundleSource bundles) {
        if (bundles == null) {
            throw new IllegalArgumentException("jwk-set-spiffe-id needs the Workload API's bundles (no BundleSource)");
        }
        Authorizer server = Authorizer.matching(SpiffeIdMatcher.id(SpiffeId.parse(spiffeId)));
        SSLContext tls = (x509Source != null) ? SpiffeSslContexts.mtlsClient(x509Source, bundles, server)
                : SpiffeSslContexts.tlsClient(bundles, server);
        return HttpClient.newBuilder()
            .sslContext(tls)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    }

    @Bean
    @ConditionalOnMissingBean
    ValidatedTokenCache spiffeValidatedTokenCache(SpiffeJwtProperties jwt) {
        return new ValidatedTokenCache(jwt.getCacheSize(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    BearerTokenAuthenticator spiffeBearerTokenAuthenticator(ValidatedTokenCache cache, JwtSvidVerifier jwtSvids,
            IssuerTokenVerifiers issuers) {
        return new BearerTokenAuthenticator(cache, jwtSvids, issuers);
    }
}
