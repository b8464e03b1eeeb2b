package dev.spiffeboot.autoconfigure.client;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.webclient.autoconfigure.WebClientSsl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.spiffeboot.autoconfigure.ssl.SpiffeSslAutoConfiguration;
import dev.spiffeboot.autoconfigure.ssl.SpiffeSslBundle;
import dev.spiffeboot.security.client.BearerSources;
import dev.spiffeboot.security.client.SpiffeClientTls;
import dev.spiffeboot.security.client.SpiffeRestClients;
import dev.spiffeboot.security.client.SpiffeWebClients;
import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.BundleSource;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * SPIFFE for HTTP clients: the client TLS of this workload ({@link SpiffeClientTls}: its X509-SVID, the servers
 * {@code spiffe.client.*} accepts), and {@link SpiffeRestClients} and {@link SpiffeWebClients}, each present when
 * its client is on the classpath. Their TLS goes through Spring Boot's {@code RestClientSsl} and
 * {@code WebClientSsl} with a SPIFFE SSL bundle, so the clients' other settings ({@code spring.http.clients.*})
 * apply. A workload that fetches no X509-SVID gets TLS-only clients.
 */
// by name: both clients are optional, and a missing class in the annotation makes Spring warn at every start
@AutoConfiguration(after = SpiffeSslAutoConfiguration.class,
        afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
                "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration" })
@ConditionalOnClass(SpiffeClientTls.class)
@ConditionalOnBean({ BundleSource.class, X509SvidVerifier.class })
@EnableConfigurationProperties(SpiffeClientProperties.class)
public final class SpiffeClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SpiffeClientTls spiffeClientTls(ObjectProvider<X509Source> x509Source, X509SvidVerifier verifier,
            SpiffeClientProperties properties, ObjectProvider<RejectionListener> rejectionListeners) {
        X509Source source = x509Source.getIfAvailable();
        return new SpiffeClientTls(source, verifier, (source != null) ? properties.authorizer(source) : properties.explicitAuthorizer(),
                RejectionListener.all(rejectionListeners.orderedStream().toList()));
    }

    /**
     * Applies a client's TLS through Spring Boot's SSL support for the client type ({@code RestClientSsl},
     * {@code WebClientSsl}): as an SSL bundle with stores of this workload's SVID (when it presents one).
     */
    static <B> Function<SpiffeTlsConfig, Consumer<B>> throughBundle(Function<SslBundle, Consumer<B>> fromBundle,
            ObjectProvider<X509Source> x509Source, BundleSource bundles) {
        return tls -> {
            X509Source source = (tls.keyManager() != null) ? x509Source.getIfAvailable() : null;
            Supplier<X509Svid> svid = () -> (source != null) ? source.x509Svid() : null;
            return fromBundle.apply(SpiffeSslBundle.of(tls, svid, bundles::x509Bundles));
        };
    }

    /** The JWT source bean, looked up when asked for; failing with a clear message when there is none. */
    public static Supplier<JwtSource> jwtSource(ObjectProvider<JwtSource> jwtSources) {
        return () -> {
            JwtSource source = jwtSources.getIfAvailable();
            if (source == null) {
                throw new IllegalStateException("JWT-SVID bearer tokens need a JwtSource bean");
            }
            return source;
        };
    }

    /** The bearer sources: the beans looked up when asked for, failing with a clear message when there is none. */
    static BearerSources bearerSources(ObjectProvider<JwtSource> jwtSources, ObjectProvider<ClientIdJwts> clientIdJwts,
            ObjectProvider<AccessTokens> accessTokens) {
        return new BearerSources(jwtSource(jwtSources), () -> {
            ClientIdJwts found = clientIdJwts.getIfAvailable();
            if (found == null) {
                throw new IllegalStateException("client ID JWT bearer tokens need spiffe.client-metadata.client-id: the URL"
                        + " of this application's client ID metadata document");
            }
            return found;
        }, () -> {
            AccessTokens found = accessTokens.getIfAvailable();
            if (found == null) {
                throw new IllegalStateException("access tokens need a Workload API (spiffe.workload-api.address) and the "
                        + "trusted authorization servers of spiffe.oauth2.client.authorization-servers");
            }
            return found;
        });
    }

    /** RestClients on Apache HttpClient (Spring Boot's first choice when it is present) with SPIFFE bundles. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = { "org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy",
            "org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer" })
    static class HttpComponentsConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "spiffeHttpComponentsTls")
        SpiffeHttpComponentsTls spiffeHttpComponentsTls() {
            return new SpiffeHttpComponentsTls();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientSsl.class)
    @ConditionalOnBean(RestClientSsl.class)
    static class RestClientConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SpiffeRestClients spiffeRestClients(SpiffeClientTls tls, RestClientSsl restClientSsl, ObjectProvider<X509Source> x509Source,
                BundleSource bundles, ObjectProvider<JwtSource> jwtSources, ObjectProvider<ClientIdJwts> clientIdJwts,
                ObjectProvider<AccessTokens> accessTokens) {
            return new SpiffeRestClients(tls, throughBundle(restClientSsl::fromBundle, x509Source, bundles),
                    bearerSources(jwtSources, clientIdJwts, accessTokens));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebClientSsl.class)
    @ConditionalOnBean(WebClientSsl.class)
    static class WebClientConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SpiffeWebClients spiffeWebClients(SpiffeClientTls tls, WebClientSsl webClientSsl, ObjectProvider<X509Source> x509Source,
                BundleSource bundles, ObjectProvider<JwtSource> jwtSources, ObjectProvider<ClientIdJwts> clientIdJwts,
                ObjectProvider<AccessTokens> accessTokens) {
            return new SpiffeWebClients(tls, throughBundle(webClientSsl::fromBundle, x509Source, bundles),
                    bearerSources(jwtSources, clientIdJwts, accessTokens));
        }
    }
}
