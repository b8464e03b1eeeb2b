package dev.spiffeboot.autoconfigure.ssl;

import javax.net.ssl.SSLContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.autoconfigure.client.SpiffeClientProperties;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The {@code spiffe} SSL bundle, updated at every rotation, and an {@link SSLContext} for outgoing mTLS, both on
 * one client {@link SpiffeTlsConfig}: this workload's SVID, accepting the servers that {@code spiffe.client.*}
 * allows. The SSL context is not a candidate for plain {@code SSLContext} injection points (an application's own
 * {@code SSLContext} stays the one they get); ask for it by name, {@code @Qualifier("spiffeSslContext")}, or build one
 * from the bundle.
 */
@AutoConfiguration(after = SpiffeWorkloadApiAutoConfiguration.class, before = SslAutoConfiguration.class)
@ConditionalOnBean({ X509Source.class, X509SvidVerifier.class })
@EnableConfigurationProperties(SpiffeClientProperties.class)
public final class SpiffeSslAutoConfiguration {

    /** The name of the SSL context bean, for {@code @Qualifier}. */
    public static final String SSL_CONTEXT_BEAN = "spiffeSslContext";

    private static SpiffeTlsConfig clientTls(X509Source source, X509SvidVerifier verifier, SpiffeClientProperties properties,
            ObjectProvider<RejectionListener> rejectionListeners) {
        return SpiffeTlsConfig.builder(verifier)
            .svid(source)
            .authorizer(properties.authorizer(source))
            .rejectionListener(RejectionListener.all(rejectionListeners.orderedStream().toList()))
            .build();
    }

    @Bean
    SpiffeSslBundleRegistrar spiffeSslBundleRegistrar(X509Source source, X509SvidVerifier verifier,
            SpiffeClientProperties properties, ObjectProvider<RejectionListener> rejectionListeners) {
        return new SpiffeSslBundleRegistrar(source, clientTls(source, verifier, properties, rejectionListeners));
    }

    @Bean(name = SSL_CONTEXT_BEAN, defaultCandidate = false)
    @ConditionalOnMissingBean(name = SSL_CONTEXT_BEAN)
    SSLContext spiffeSslContext(X509Source source, X509SvidVerifier verifier, SpiffeClientProperties properties,
            ObjectProvider<RejectionListener> rejectionListeners) {
        return clientTls(source, verifier, properties, rejectionListeners).sslContext();
    }
}
