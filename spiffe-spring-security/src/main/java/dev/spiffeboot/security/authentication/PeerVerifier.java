package dev.spiffeboot.security.authentication;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.RejectionListener;

/**
 * The SPIFFE ID of a request's mTLS peer, from the client certificate chain the transport saw, verified as an
 * X509-SVID against the X.509 bundles of this moment.
 * <p>
 * The handshake checked the chain already when the server runs with the SVID; checking it again keeps a
 * connection opened before a CA left the bundle from carrying its identity on, and protects servers whose TLS is
 * configured otherwise. Give it the verifier the handshake uses, with a cache ({@link X509SvidVerifier.Builder#cacheSize}):
 * a chain is then path-validated once per bundle, not once more per request. A refused chain is logged and reported
 * once per refusal, not at every request that presents it again.
 */
public final class PeerVerifier {

    private static final Log logger = LogFactory.getLog(PeerVerifier.class);

    private final X509SvidVerifier verifier;

    private final RejectionListener rejectionListener;

    /** Refusals already reported; a cached refusal is the same exception instance each time. */
    private final Set<InvalidX509SvidException> reported = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    /**
     * A peer verifier.
     *
     * @param verifier the verifier of the chains: the one the TLS handshakes use, with a cache
     * @param rejectionListener who is told, once per refusal, about a chain that does not verify
     */
    public PeerVerifier(X509SvidVerifier verifier, RejectionListener rejectionListener) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.rejectionListener = Objects.requireNonNull(rejectionListener, "rejection listener");
    }

    /** The peer's SPIFFE ID, or {@code null} when it presented no chain or one that does not verify. */
    public SpiffeId verify(List<X509Certificate> chain) {
        if (chain == null || chain.isEmpty()) {
            return null;
        }
        try {
            return this.verifier.verify(chain).id();
        }
        catch (InvalidX509SvidException ex) {
            if (this.reported.add(ex)) {
                logger.warn("Ignoring the client certificate of this request: " + ex.getMessage());
                this.rejectionListener.rejected("client", ex);
            }
            return null;
        }
    }
}
