package dev.spiffeboot.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.spiffeboot.bundle.X509BundleSource;
import dev.spiffeboot.svid.x509.VerifiedX509Svid;
import dev.spiffeboot.svid.x509.X509SvidVerifier;

/**
 * A trust manager that verifies TLS peers the SPIFFE way and then authorizes their ID.
 * <p>
 * The peer's chain is verified by {@link X509SvidVerifier}, against the bundle of the peer's own trust domain
 * (federation-aware, no CA vouches for another trust domain) taken from the bundle source at each handshake, so
 * bundle rotation needs no restart. Then the {@link Authorizer} decides. Host names are not checked: SPIFFE peers
 * are identified by SPIFFE ID, not DNS name. A rejected peer fails the handshake with the reason (for example
 * {@code unexpected ID "spiffe://example.org/server"}), which is also logged at WARN.
 */
public final class SpiffeTrustManager extends X509ExtendedTrustManager {

    private static final Logger logger = LoggerFactory.getLogger(SpiffeTrustManager.class);

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final X509SvidVerifier verifier;

    private final Authorizer authorizer;

    private final RejectionListener rejectionListener;

    /** A trust manager that trusts the bundles of the source and lets the authorizer decide. */
    public SpiffeTrustManager(X509BundleSource bundles, Authorizer authorizer) {
        this(X509SvidVerifier.of(bundles), authorizer, RejectionListener.none());
    }

    /** A trust manager that also tells the listener about every rejected peer. */
    public SpiffeTrustManager(X509SvidVerifier verifier, Authorizer authorizer, RejectionListener rejectionListener) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.rejectionListener = Objects.requireNonNull(rejectionListener, "rejection listener");
    }

    /**
     * Verifies and authorizes a peer chain.
     *
     * @throws CertificateException with the reason the peer was refused
     */
    public VerifiedX509Svid verifyAndAuthorize(X509Certificate[] chain, String peerRole) throws CertificateException {
        try {
            VerifiedX509Svid peer = this.verifier.verify(chain == null ? null : Arrays.asList(chain));
            this.authorizer.authorize(peer);
            return peer;
        }
        catch (CertificateException ex) {
            logger.warn("Rejected TLS {}: {}", peerRole, ex.getMessage());
            this.rejectionListener.rejected(peerRole, ex);
            throw ex;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verifyAndAuthorize(chain, "client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        NoResumption.invalidate(socket);
        verifyAndAuthorize(chain, "client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        NoResumption.invalidate(engine);
        verifyAndAuthorize(chain, "client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verifyAndAuthorize(chain, "server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        NoResumption.invalidate(socket);
        verifyAndAuthorize(chain, "server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        NoResumption.invalidate(engine);
        verifyAndAuthorize(chain, "server");
    }

    /** None: SPIFFE peers are trusted by trust domain bundle, so no CA names are sent to them. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }
}
