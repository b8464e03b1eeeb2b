package dev.spiffeboot.tls;

import java.security.KeyStore;
import java.security.Provider;
import java.util.Objects;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Wraps SPIFFE key and trust managers in JSSE factories, for libraries that take factories rather than managers
 * (Netty's {@code SslContextBuilder}, Spring Boot's SSL bundles). The factories ignore {@code init}: the managers
 * read their sources at every handshake.
 */
final class SpiffeManagerFactories {

    private static final Provider PROVIDER = new Provider("SPIFFE", "1.0", "SPIFFE key and trust managers") {

        private static final long serialVersionUID = 1L;
    };

    private SpiffeManagerFactories() {
    }

    /** A key manager factory that always hands out the given key manager. */
    static KeyManagerFactory keyManagerFactory(KeyManager keyManager) {
        Objects.requireNonNull(keyManager, "key manager");
        return keyManagerFactory(new KeyManager[] { keyManager });
    }

    /** A key manager factory with no key managers, for a TLS client that presents no certificate. */
    static KeyManagerFactory noKeyManagerFactory() {
        return keyManagerFactory(new KeyManager[0]);
    }

    private static KeyManagerFactory keyManagerFactory(KeyManager[] keyManagers) {
        return new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore keyStore, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters parameters) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return keyManagers.clone();
            }
        }, PROVIDER, "SPIFFE") {
        };
    }

    /** A trust manager factory that always hands out the given trust manager. */
    static TrustManagerFactory trustManagerFactory(TrustManager trustManager) {
        Objects.requireNonNull(trustManager, "trust manager");
        return new TrustManagerFactory(new TrustManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore keyStore) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters parameters) {
            }

            @Override
            protected TrustManager[] engineGetTrustManagers() {
                return new TrustManager[] { trustManager };
            }
        }, PROVIDER, "SPIFFE") {
        };
    }
}
