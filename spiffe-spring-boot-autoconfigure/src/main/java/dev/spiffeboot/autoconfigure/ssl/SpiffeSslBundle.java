package dev.spiffeboot.autoconfigure.ssl;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.tls.SpiffeTlsConfig;

/**
 * A SPIFFE TLS configuration as a Spring Boot SSL bundle: the {@code spiffe} bundle in the registry, and the bundle
 * each SPIFFE HTTP client is built with. Its managers are those of the {@link SpiffeTlsConfig}, which read the
 * current SVID and bundles at every handshake, so SSL contexts built from the bundle follow rotation by themselves.
 * Its stores are a snapshot of the SVID and trust bundles, built when first read, for what Spring Boot reads from
 * stores: SSL info, health and the {@code ssl.chain.expiry} metric.
 * <p>
 * Spring Boot's own Tomcat support reads only the stores and checks peers with plain PKIX: the embedded server gets
 * its TLS from {@code spiffe.server.*}, and {@code server.ssl.bundle=spiffe} is refused.
 */
public final class SpiffeSslBundle implements SslBundle {

    /** The name the bundle is registered under. */
    public static final String NAME = "spiffe";

    /** The alias of the SVID in the key store. */
    public static final String KEY_ALIAS = "spiffe";

    private static final String[] PROTOCOLS = SpiffeSslContexts.PROTOCOLS.toArray(new String[0]);

    /**
     * Builds the key and trust stores. TLS itself runs on the managers; the stores are only for consumers that read
     * them, so they are built on first use: a client bundle never pays for encrypting the key into a PKCS#12 store,
     * nor a rotation that nobody inspects.
     */
    private final Supplier<SslStoreBundle> storeFactory;

    private volatile SslStoreBundle stores;

    private final SslManagerBundle managers;

    private SpiffeSslBundle(Supplier<SslStoreBundle> storeFactory, SslManagerBundle managers) {
        this.storeFactory = storeFactory;
        this.managers = managers;
    }

    /**
     * A bundle on the TLS configuration, with stores of the SVID (or none, for a TLS-only client) and the bundles
     * at the time they are first read.
     */
    public static SpiffeSslBundle of(SpiffeTlsConfig tls, Supplier<X509Svid> svid, Supplier<X509BundleSet> bundles) {
        return new SpiffeSslBundle(() -> stores(svid.get(), bundles.get()), new Managers(tls));
    }

    /** The same managers with stores built afresh when next read; for the registry's update after a rotation. */
    SpiffeSslBundle refreshed(Supplier<X509Svid> svid, Supplier<X509BundleSet> bundles) {
        return new SpiffeSslBundle(() -> stores(svid.get(), bundles.get()), this.managers);
    }

    private static SslStoreBundle stores(X509Svid svid, X509BundleSet bundles) {
        if (svid == null) {
            return SslStoreBundle.of(null, null, trustStore(bundles));
        }
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(KEY_ALIAS, svid.privateKey(), new char[0], svid.chain().toArray(new X509Certificate[0]));
            return SslStoreBundle.of(keyStore, "", trustStore(bundles));
        }
        catch (GeneralSecurityException | IOException ex) {
            throw new IllegalStateException("cannot build the key store of the SPIFFE SSL bundle", ex);
        }
    }

    private static KeyStore trustStore(X509BundleSet bundles) {
        try {
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            for (X509Bundle bundle : bundles.bundles()) {
                for (int i = 0; i < bundle.authorities().size(); i++) {
                    trustStore.setCertificateEntry(bundle.trustDomain().name() + "-" + i, bundle.authorities().get(i));
                }
            }
            return trustStore;
        }
        catch (GeneralSecurityException | IOException ex) {
            throw new IllegalStateException("cannot build the trust store of the SPIFFE SSL bundle", ex);
        }
    }

    @Override
    public SslStoreBundle getStores() {
        SslStoreBundle built = this.stores;
        if (built == null) {
            // two threads may both build it; either result is the sources' state, so no lock is needed
            built = this.storeFactory.get();
            this.stores = built;
        }
        return built;
    }

    @Override
    public SslBundleKey getKey() {
        return SslBundleKey.of("", KEY_ALIAS);
    }

    @Override
    public SslOptions getOptions() {
        return SslOptions.of(null, PROTOCOLS);
    }

    @Override
    public String getProtocol() {
        return SslBundle.DEFAULT_PROTOCOL;
    }

    @Override
    public SslManagerBundle getManagers() {
        return this.managers;
    }

    /** The managers of a SPIFFE TLS configuration, and SSL contexts that never resume sessions. */
    private static final class Managers implements SslManagerBundle {

        private final SpiffeTlsConfig tls;

        Managers(SpiffeTlsConfig tls) {
            this.tls = tls;
        }

        @Override
        public KeyManagerFactory getKeyManagerFactory() {
            return this.tls.keyManagerFactory();
        }

        @Override
        public TrustManagerFactory getTrustManagerFactory() {
            return this.tls.trustManagerFactory();
        }

        @Override
        public SSLContext createSslContext(String protocol) {
            return this.tls.sslContext();
        }
    }
}
