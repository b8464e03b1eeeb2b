package dev.spiffeboot.autoconfigure.server.tomcat;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

import org.apache.tomcat.util.net.SSLContext;

import dev.spiffeboot.svid.x509.X509SvidSource;

/**
 * Hands Tomcat a ready JSSE context built on the SPIFFE key and trust managers. Tomcat uses a context given to
 * {@code SSLHostConfigCertificate#setSslContext} as it is (it never calls {@link #init}), so its handshakes present
 * the current SVID and verify clients the SPIFFE way, with no reload on rotation.
 */
final class TomcatSpiffeSslContext implements SSLContext {

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final javax.net.ssl.SSLContext context;

    private final X509SvidSource svids;

    TomcatSpiffeSslContext(javax.net.ssl.SSLContext context, X509SvidSource svids) {
        this.context = context;
        this.svids = svids;
    }

    @Override
    public void init(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random) {
        // initialized when built: the SPIFFE managers are fixed and read their sources at each handshake
    }

    @Override
    public void destroy() {
        // the sources belong to the application context, which closes them
    }

    @Override
    public SSLSessionContext getServerSessionContext() {
        return this.context.getServerSessionContext();
    }

    @Override
    public SSLEngine createSSLEngine() {
        return this.context.createSSLEngine();
    }

    @Override
    public SSLServerSocketFactory getServerSocketFactory() {
        return this.context.getServerSocketFactory();
    }

    @Override
    public SSLParameters getSupportedSSLParameters() {
        return this.context.getSupportedSSLParameters();
    }

    /** The current SVID's chain, whatever the alias: Tomcat asks only to log and report it. */
    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return this.svids.x509Svid().chain().toArray(new X509Certificate[0]);
    }

    /** None: SPIFFE peers are trusted by trust domain bundle, so no CA names are sent to them. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }
}
