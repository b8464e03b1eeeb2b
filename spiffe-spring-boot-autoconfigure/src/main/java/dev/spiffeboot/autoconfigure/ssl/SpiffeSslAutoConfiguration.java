package dev.spiffeboot.autoconfigure.ssl;

import javax.net.ssl.SSLContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The {@code spiffe} SSL bundle, updated at every rotation, and an {@link SSLContext} bean for outgoing mTLS, both
 * built on the SPIFFE key and trust managers and accepting the servers that {@code spiffe.client.*} allows.
 */
@AutoConfiguration(after = SpiffeWorkloadApiAutoConfiguration.class, before = SslAutoConfiguration.class)
@ConditionalOnBean(X509Source.class)
@EnableConfigurationProperties(SpiffeClientProperties.class)
public final class SpiffeSslAutoConfiguration {

    @Bean
    SpiffeSslBundleRegistrar spiffeSslBundleRegistrar(X509Source source, SpiffeClientProperties properties,
            ObjectProvider<RejectionListener> rejectionListeners) {
        return new SpiffeSslBundleRegistrar(source, properties.authorizer(source),
                RejectionListeners.of(rejectionListeners));
    }

    @Bean
    @ConditionalOnMissingBean(SSLContext.class)
    SSLContext spiffeSslContext(X509Source source, SpiffeClientProperties properties,
            ObjectProvider<RejectionListener> rejectionListeners) {
        // the same TLS as the 'spiffe' bundle: its managers, without building its key and trust stores
        return SpiffeSslBundle.of(source, properties.authorizer(source), RejectionListeners.of(rejectionListeners))
            .createSslContext();
    }
}
