package dev.spiffeboot.autoconfigure.security;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.spiffeboot.bundle.BundleSet;
import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.SpiffeTrustManager;

/**
 * The SPIFFE ID of a request's mTLS peer: its client certificate chain, as the servlet container exposes it,
 * verified as an X509-SVID against the X.509 bundles of this moment. The handshake checked it already when the
 * server runs with the SVID; verifying again keeps a connection opened before a CA was removed from the bundle
 * from carrying its identity on, and protects servers whose TLS is configured otherwise. Results are cached per
 * chain while the bundle of its trust domain stays the same and the chain has not expired.
 */
final class PeerIdentityResolver {

    static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private static final String RESOLVED_ATTRIBUTE = PeerIdentityResolver.class.getName() + ".peer";

    private static final Object NO_PEER = new Object();

    private static final int MAX_CACHED_CHAINS = 10_000;

    private static final Log logger = LogFactory.getLog(PeerIdentityResolver.class);

    private final Supplier<BundleSet> bundles;

    private final SpiffeTrustManager.RejectionListener rejectionListener;

    private final Clock clock;

    private final Map<List<X509Certificate>, Verified> verified = new ConcurrentHashMap<>();

    PeerIdentityResolver(Supplier<BundleSet> bundles, SpiffeTrustManager.RejectionListener rejectionListener, Clock clock) {
        this.bundles = bundles;
        this.rejectionListener = rejectionListener;
        this.clock = clock;
    }

    private record Verified(SpiffeId id, X509Bundle bundle, Instant notAfter) {
    }

    /** The peer's SPIFFE ID, or {@code null} when the request came without a (valid) client X509-SVID. */
    SpiffeId resolve(HttpServletRequest request) {
        Object resolved = request.getAttribute(RESOLVED_ATTRIBUTE);
        if (resolved == null) {
            resolved = Objects.requireNonNullElse(verify(request), NO_PEER);
            request.setAttribute(RESOLVED_ATTRIBUTE, resolved);
        }
        return (resolved instanceof SpiffeId id) ? id : null;
    }

    private SpiffeId verify(HttpServletRequest request) {
        if (!(request.getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] presented) || presented.length == 0) {
            return null;
        }
        List<X509Certificate> chain = List.of(presented);
        BundleSet bundleSet = this.bundles.get();
        Instant now = this.clock.instant();
        Verified cached = this.verified.get(chain);
        if (cached != null && now.isBefore(cached.notAfter())
                && Objects.equals(bundleSet.findX509Bundle(cached.id().trustDomain()).orElse(null), cached.bundle())) {
            return cached.id();
        }
        try {
            SpiffeId id = new X509SvidVerifier(bundleSet, this.clock).verify(chain).id();
            remember(chain, new Verified(id, bundleSet.findX509Bundle(id.trustDomain()).orElse(null), earliestExpiry(chain)));
            return id;
        }
        catch (InvalidX509SvidException ex) {
            logger.warn("Ignoring the client certificate of this request: " + ex.getMessage());
            this.rejectionListener.rejected("client", ex);
            return null;
        }
    }

    private void remember(List<X509Certificate> chain, Verified result) {
        if (this.verified.size() >= MAX_CACHED_CHAINS) {
            this.verified.clear();
        }
        this.verified.put(chain, result);
    }

    private static Instant earliestExpiry(List<X509Certificate> chain) {
        return chain.stream().map(certificate -> certificate.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
    }
}
