package dev.spiffeboot.tls;

import java.util.List;

import javax.net.ssl.SSLContext;

import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.bundle.X509BundleSource;
import dev.spiffeboot.svid.x509.X509SvidSource;

/**
 * JSSE {@link SSLContext}s for the four SPIFFE TLS modes in one call each, like go-spiffe's {@code tlsconfig}
 * functions; {@link SpiffeTlsConfig} builds them (and the managers) with every option.
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
        return SpiffeTlsConfig.builder(bundles).svid(svids).authorizer(authorizer).server(ClientAuth.NEED).build().sslContext();
    }

    /** A client context that presents the SVID and verifies and authorizes the server's SVID. */
    public static SSLContext mtlsClient(X509SvidSource svids, X509BundleSource bundles, Authorizer authorizer) {
        return SpiffeTlsConfig.builder(bundles).svid(svids).authorizer(authorizer).build().sslContext();
    }

    /**
     * A server context that presents the SVID and does not ask for a client certificate; callers authenticate
     * with JWT-SVIDs instead. Should client certificates be sent anyway, every one is refused.
     */
    public static SSLContext tlsServer(X509SvidSource svids) {
        return SpiffeTlsConfig.builder(X509BundleSet.empty()).svid(svids).server(ClientAuth.NONE).build().sslContext();
    }

    /** A client context that presents no certificate and verifies and authorizes the server's SVID. */
    public static SSLContext tlsClient(X509BundleSource bundles, Authorizer authorizer) {
        return SpiffeTlsConfig.builder(bundles).authorizer(authorizer).build().sslContext();
    }
}
