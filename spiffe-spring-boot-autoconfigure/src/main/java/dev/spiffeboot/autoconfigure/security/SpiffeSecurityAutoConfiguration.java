package dev.spiffeboot.autoconfigure.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.security.policy.AuthorizationPolicy;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.RejectionListener;

/**
 * What SPIFFE security needs on every web stack: the verification of a request's mTLS peer ({@link PeerVerifier},
 * with the verifier the TLS handshakes use, so a peer's chain is checked once per bundle) and the declarative rules
 * of {@code spiffe.security.policy} ({@link AuthorizationPolicy}). The servlet filter chain is in
 * {@link dev.spiffeboot.autoconfigure.security.servlet.SpiffeServletSecurityAutoConfiguration}. Each bean backs off
 * for one of yours.
 */
@AutoConfiguration(after = { SpiffeWorkloadApiAutoConfiguration.class, SpiffeJwtAutoConfiguration.class })
@ConditionalOnClass(PeerVerifier.class)
@ConditionalOnBean(X509SvidVerifier.class)
@ConditionalOnBooleanProperty(name = "spiffe.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SpiffeSecurityProperties.class)
public final class SpiffeSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PeerVerifier spiffePeerVerifier(X509SvidVerifier verifier, ObjectProvider<RejectionListener> rejectionListeners) {
        return new PeerVerifier(verifier, RejectionListener.all(rejectionListeners.orderedStream().toList()));
    }

    @Bean
    @ConditionalOnMissingBean
    AuthorizationPolicy spiffeAuthorizationPolicy(SpiffeSecurityProperties properties) {
        return properties.getPolicy().compile();
    }
}
