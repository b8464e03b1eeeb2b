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

import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.X509SvidProfile;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.RejectionListener;

/**
 * The SPIFFE ID of a request's mTLS peer: its client certificate chain, as the servlet container exposes it,
 * verified as an X509-SVID against the X.509 bundles of this moment. The handshake checked it already when the
 * server runs with the SVID; verifying again keeps a connection opened before a CA was removed from the bundle
 * from carrying its identity on, and protects servers whose TLS is configured otherwise. Outcomes, refusals
 * included, are cached per chain while the bundle of its trust domain stays the same and the chain has not expired.
 */
final class PeerIdentityResolver {

    static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private static final String RESOLVED_ATTRIBUTE = PeerIdentityResolver.class.getName() + ".peer";

    private static final Object NO_PEER = new Object();

    private static final int MAX_CACHED_CHAINS = 10_000;

    private static final Log logger = LogFactory.getLog(PeerIdentityResolver.class);

    private final Supplier<X509BundleSet> bundles;

    private final RejectionListener rejectionListener;

    private final Clock clock;

    private final Map<List<X509Certificate>, Verified> verified = new ConcurrentHashMap<>();

    PeerIdentityResolver(Supplier<X509BundleSet> bundles, RejectionListener rejectionListener, Clock clock) {
        this.bundles = bundles;
        this.rejectionListener = rejectionListener;
        this.clock = clock;
    }

    /**
     * The outcome for one chain: its SPIFFE ID, or {@code null} when it was refused; valid while the bundle of the
     * trust domain is the one it was checked against and the chain has not expired.
     */
    private record Verified(SpiffeId id, TrustDomain trustDomain, X509Bundle bundle, Instant notAfter) {

        Verified withBundle(X509Bundle current) {
            return new Verified(this.id, this.trustDomain, current, this.notAfter);
        }
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
        X509BundleSet bundleSet = this.bundles.get();
        Verified cached = this.verified.get(chain);
        if (cached != null && this.clock.instant().isBefore(cached.notAfter())) {
            X509Bundle current = (cached.trustDomain() != null) ? bundleSet.findX509Bundle(cached.trustDomain()).orElse(null) : null;
            if (current == cached.bundle()) {
                return cached.id();
            }
            if (Objects.equals(current, cached.bundle())) {
                // an update with the same authorities: later requests compare by identity only
                this.verified.replace(chain, cached, cached.withBundle(current));
                return cached.id();
            }
        }
        return verifyAndRemember(chain, bundleSet);
    }

    private SpiffeId verifyAndRemember(List<X509Certificate> chain, X509BundleSet bundleSet) {
        TrustDomain trustDomain = trustDomainOf(chain.get(0));
        X509Bundle bundle = (trustDomain != null) ? bundleSet.findX509Bundle(trustDomain).orElse(null) : null;
        SpiffeId id;
        try {
            id = X509SvidVerifier.builder(bundleSet).clock(this.clock).build().verify(chain).id();
        }
        catch (InvalidX509SvidException ex) {
            // refused once per chain and bundle: a client that keeps sending it is not logged at every request
            logger.warn("Ignoring the client certificate of this request: " + ex.getMessage());
            this.rejectionListener.rejected("client", ex);
            id = null;
        }
        if (this.verified.size() >= MAX_CACHED_CHAINS) {
            this.verified.clear();
        }
        this.verified.put(chain, new Verified(id, trustDomain, bundle, earliestExpiry(chain)));
        return id;
    }

    private static TrustDomain trustDomainOf(X509Certificate leaf) {
        try {
            return X509SvidProfile.idOf(leaf).trustDomain();
        }
        catch (InvalidX509SvidException ex) {
            return null;
        }
    }

    private static Instant earliestExpiry(List<X509Certificate> chain) {
        return chain.stream().map(certificate -> certificate.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
    }
}
