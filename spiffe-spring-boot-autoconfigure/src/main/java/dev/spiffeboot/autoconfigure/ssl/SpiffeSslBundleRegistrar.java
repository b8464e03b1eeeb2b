package dev.spiffeboot.autoconfigure.ssl;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundleRegistry;

import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Registers the {@code spiffe} SSL bundle and replaces it at every X.509 update from the Workload API, so that
 * everything Spring Boot reads from the registry (update listeners, SSL info, health, metrics) sees the current SVID.
 */
class SpiffeSslBundleRegistrar implements SslBundleRegistrar {

    private static final Log logger = LogFactory.getLog(SpiffeSslBundleRegistrar.class);

    private final X509Source source;

    private final SpiffeTlsConfig tls;

    private volatile SpiffeSslBundle current;

    SpiffeSslBundleRegistrar(X509Source source, SpiffeTlsConfig tls) {
        this.source = source;
        this.tls = tls;
    }

    @Override
    public void registerBundles(SslBundleRegistry registry) {
        this.current = SpiffeSslBundle.of(this.tls, this.source::x509Svid, this.source::bundles);
        registry.registerBundle(SpiffeSslBundle.NAME, this.current);
        this.source.addListener(update -> {
            this.current = this.current.refreshed(this.source::x509Svid, this.source::bundles);
            registry.updateBundle(SpiffeSslBundle.NAME, this.current);
            if (logger.isDebugEnabled()) {
                logger.debug("Updated SSL bundle '" + SpiffeSslBundle.NAME + "' with the X509-SVID of "
                        + this.source.x509Svid().id() + " expiring at " + this.source.x509Svid().expiresAt());
            }
        });
    }
}
