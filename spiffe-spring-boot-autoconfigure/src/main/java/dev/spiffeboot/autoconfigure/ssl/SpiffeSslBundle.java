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
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The {@code spiffe} SSL bundle. Its managers are the SPIFFE key and trust managers, which read the current SVID
 * and bundles at every handshake, so SSL contexts built from the bundle follow rotation by themselves. Its stores
 * are a snapshot of the SVID and trust bundles at the time of the last update (a new bundle is registered at every
 * rotation), for what Spring Boot reads from stores: SSL info, health and the {@code ssl.chain.expiry} metric.
 * <p>
 * Spring Boot's own Tomcat support reads only the stores and checks peers with plain PKIX: use
 * {@code spiffe.server.*} for the embedded server rather than {@code server.ssl.bundle=spiffe}.
 */
public final class SpiffeSslBundle implements SslBundle {

    /** The name the bundle is registered under. */
    public static final String NAME = "spiffe";

    /** The alias of the SVID in the key store. */
    public static final String KEY_ALIAS = "spiffe";

    private static final String[] PROTOCOLS = SpiffeSslContexts.PROTOCOLS.toArray(new String[0]);

    /**
     * Builds the key and trust stores. TLS itself runs on the managers; the stores are only for consumers that read
     * them (Boot's SSL info and health, Tomcat's own SSL support), so they are built on first use: a client bundle
     * never pays for encrypting the key into a PKCS#12 store, nor a rotation that nobody inspects.
     */
    private final Supplier<SslStoreBundle> storeFactory;

    private volatile SslStoreBundle stores;

    private final SslManagerBundle managers;

    private SpiffeSslBundle(Supplier<SslStoreBundle> storeFactory, SslManagerBundle managers) {
        this.storeFactory = storeFactory;
        this.managers = managers;
    }

    /**
     * A bundle for a TLS client that authenticates the server by its SVID and presents no certificate itself, as
     * JWT-SVID clients over TLS do.
     */
    public static SpiffeSslBundle serverAuthenticationOnly(X509Source source, Authorizer authorizer, RejectionListener rejections) {
        return new SpiffeSslBundle(() -> SslStoreBundle.of(null, null, trustStore(source.bundles())),
                new Managers(SpiffeTlsConfig.builder(source).authorizer(authorizer).rejectionListener(rejections).build()));
    }

    /**
     * A bundle of the source's current SVID and bundles, trusting servers the authorizer accepts and telling the
     * listener about every refused server.
     */
    public static SpiffeSslBundle of(X509Source source, Authorizer authorizer, RejectionListener rejections) {
        return new SpiffeSslBundle(() -> stores(source), new Managers(
                SpiffeTlsConfig.builder(source).svid(source).authorizer(authorizer).rejectionListener(rejections).build()));
    }

    /** The same managers with stores of the source's state from now on; for updates after a rotation. */
    SpiffeSslBundle refreshed(X509Source source) {
        return new SpiffeSslBundle(() -> stores(source), this.managers);
    }

    private static SslStoreBundle stores(X509Source source) {
        X509Svid svid = source.x509Svid();
        X509BundleSet bundles = source.bundles();
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
            // two threads may both build it; either result is the source's state, so no lock is needed
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

    /** The SPIFFE managers, and SSL contexts that never resume sessions (see {@code SpiffeTlsConfig}). */
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
