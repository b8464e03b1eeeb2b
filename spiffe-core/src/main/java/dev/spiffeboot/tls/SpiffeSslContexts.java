package dev.spiffeboot.tls;

import java.security.GeneralSecurityException;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import dev.spiffeboot.bundle.BundleSet;
import dev.spiffeboot.bundle.X509BundleSource;
import dev.spiffeboot.svid.x509.X509SvidSource;

/**
 * Builds JSSE {@link SSLContext}s for the four SPIFFE TLS modes, like go-spiffe's {@code tlsconfig}.
 * <ul>
 * <li>{@link #mtlsServer}: presents the SVID, requires a client SVID and authorizes it;</li>
 * <li>{@link #mtlsClient}: presents the SVID, verifies and authorizes the server's SVID;</li>
 * <li>{@link #tlsServer}: presents the SVID, asks for no client certificate (for JWT-SVID bearer tokens);</li>
 * <li>{@link #tlsClient}: presents nothing, verifies and authorizes the server's SVID.</li>
 * </ul>
 * The contexts read the current SVID and bundles from their sources at every handshake, so rotation needs no new
 * context. Every socket and engine they create allows TLS 1.3 and 1.2 only, mTLS servers require client
 * certificates, and sessions are never resumed (every connection verifies the peer afresh; see
 * {@link SpiffeKeyManager} and {@link SpiffeTrustManager}). The contexts cannot be re-initialized.
 */
public final class SpiffeSslContexts {

    /** The TLS versions every SPIFFE context enables, in preference order: 1.3, then 1.2, nothing older. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private SpiffeSslContexts() {
    }

    /** A server context that presents the SVID and requires and authorizes client SVIDs. */
    public static SSLContext mtlsServer(X509SvidSource svids, X509BundleSource bundles, Authorizer authorizer) {
        return create(new SpiffeKeyManager(svids), new SpiffeTrustManager(bundles, authorizer), true);
    }

    /** A client context that presents the SVID and verifies and authorizes the server's SVID. */
    public static SSLContext mtlsClient(X509SvidSource svids, X509BundleSource bundles, Authorizer authorizer) {
        return create(new SpiffeKeyManager(svids), new SpiffeTrustManager(bundles, authorizer), false);
    }

    /**
     * A server context that presents the SVID and does not ask for a client certificate; callers authenticate
     * with JWT-SVIDs instead. Should client certificates be requested on it anyway, every one is refused.
     */
    public static SSLContext tlsServer(X509SvidSource svids) {
        return create(new SpiffeKeyManager(svids), new SpiffeTrustManager(BundleSet.empty(), Authorizer.any()), false);
    }

    /** A client context that presents no certificate and verifies and authorizes the server's SVID. */
    public static SSLContext tlsClient(X509BundleSource bundles, Authorizer authorizer) {
        return create(null, new SpiffeTrustManager(bundles, authorizer), false);
    }

    /**
     * A context from SPIFFE (or other) managers under the SPIFFE TLS policy.
     *
     * @param keyManager the key manager, or {@code null} to present no certificate
     * @param trustManager the trust manager
     * @param requireClientCertificate whether server sockets and engines require a client certificate
     */
    public static SSLContext create(KeyManager keyManager, TrustManager trustManager, boolean requireClientCertificate) {
        try {
            SSLContext delegate = SSLContext.getInstance("TLS");
            KeyManager[] keyManagers = keyManager == null ? new KeyManager[0] : new KeyManager[] { keyManager };
            delegate.init(keyManagers, new TrustManager[] { trustManager }, null);
            NoResumption.configure(delegate);
            return new PolicySslContext(delegate, new TlsPolicy(requireClientCertificate));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot create a TLS context: " + ex.getMessage(), ex);
        }
    }

    private static final class PolicySslContext extends SSLContext {

        PolicySslContext(SSLContext delegate, TlsPolicy policy) {
            super(new PolicySslContextSpi(delegate, policy), delegate.getProvider(), delegate.getProtocol());
        }
    }
}
