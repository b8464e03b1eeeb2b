package dev.spiffeboot.autoconfigure.ssl;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;

import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Registers the {@code spiffe} SSL bundle and replaces it at every X.509 update from the Workload API, so that
 * everything Spring Boot reads from the registry (update listeners, SSL info, health, metrics) sees the current SVID.
 * <p>
 * The bundle's key and trust managers read the current SVID and bundles at every handshake, so whatever took them
 * (the starter's servers and clients, Boot's Reactor Netty and HTTP clients) rotates without being told. The
 * registrar therefore registers an update handler of its own, which logs each update at DEBUG: without any handler
 * Spring Boot warns at every rotation that the bundle "may be in use by a technology that doesn't support SSL
 * reloading", which is not so for the managers. Only the key stores of an old bundle are fixed snapshots.
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
        if (registry instanceof SslBundles bundles) {
            bundles.addBundleUpdateHandler(SpiffeSslBundle.NAME, this::logUpdate);
        }
        this.source.addListener(update -> {
            this.current = this.current.refreshed(this.source::x509Svid, this.source::bundles);
            registry.updateBundle(SpiffeSslBundle.NAME, this.current);
        });
    }

    private void logUpdate(SslBundle updated) {
        if (logger.isDebugEnabled()) {
            logger.debug("Updated SSL bundle '" + SpiffeSslBundle.NAME + "' with the X509-SVID of "
                    + this.source.x509Svid().id() + " expiring at " + this.source.x509Svid().expiresAt());
        }
    }
}
