package dev.spiffeboot.svid.x509;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.bundle.X509BundleSource;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.InvalidX509SvidException.Reason;
import dev.spiffeboot.text.LogSafe;

/**
 * Verifies a peer's X509-SVID chain the SPIFFE way (X509-SVID standard, section 5).
 * <ol>
 * <li>The leaf passes the leaf rules of {@link X509SvidProfile} and the certificates after it are CAs.</li>
 * <li>The leaf is within its validity period.</li>
 * <li>The chain verifies (RFC 5280 path validation) against the bundle of <em>the leaf's own trust domain</em>:
 * a CA trusted for another trust domain cannot vouch for it, even when it is in the bundle source.</li>
 * </ol>
 * Authorization of the ID is a separate step (see {@code dev.spiffeboot.tls.Authorizer}). Instances are thread-safe;
 * with a {@link Builder#cacheSize(int) cache}, one verifier shared by the TLS handshake and later checks of the same
 * peer verifies each chain once per bundle.
 */
public final class X509SvidVerifier {

    // looked up once per thread rather than at every handshake; neither is documented as thread-safe
    private static final ThreadLocal<CertificateFactory> CERTIFICATES = perThread("X.509 certificate factory",
            () -> CertificateFactory.getInstance("X.509"));

    private static final ThreadLocal<CertPathValidator> PATHS = perThread("PKIX path validator",
            () -> CertPathValidator.getInstance("PKIX"));

    private final X509BundleSource bundles;

    private final Clock clock;

    private final VerifiedChainCache cache;

    private X509SvidVerifier(X509BundleSource bundles, Clock clock, int cacheSize) {
        this.bundles = Objects.requireNonNull(bundles, "bundle source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cache = (cacheSize > 0) ? new VerifiedChainCache(cacheSize) : null;
    }

    /** A verifier that trusts the bundles of the source, checks validity at the current time and caches nothing. */
    public static X509SvidVerifier of(X509BundleSource bundles) {
        return builder(bundles).build();
    }

    /** A builder for a verifier that trusts the bundles of the source. */
    public static Builder builder(X509BundleSource bundles) {
        return new Builder(bundles);
    }

    /**
     * Verifies a chain as presented by a peer, leaf first.
     *
     * @throws InvalidX509SvidException naming the rule that failed, the ID and the trust domain
     */
    public VerifiedX509Svid verify(List<X509Certificate> chain) throws InvalidX509SvidException {
        if (chain == null || chain.isEmpty()) {
            throw new InvalidX509SvidException(Reason.NO_CERTIFICATES, "peer presented no certificate");
        }
        Instant now = this.clock.instant();
        if (this.cache == null) {
            return verify(chain, now).result();
        }
        return this.cache.verify(chain, now, this.bundles, () -> verify(chain, now));
    }

    /** Verifies a chain and tells which bundle decided: the one to compare with later, for the cache. */
    private VerifiedChainCache.Outcome verify(List<X509Certificate> chain, Instant now) {
        X509Certificate leaf = chain.get(0);
        SpiffeId id = null;
        X509Bundle bundle = null;
        try {
            id = X509SvidProfile.checkLeaf(leaf);
            X509SvidProfile.checkSigningCertificates(chain);
            checkValidity(leaf, id, now);
            SpiffeId peer = id;
            bundle = this.bundles.findX509Bundle(id.trustDomain())
                .orElseThrow(() -> new InvalidX509SvidException(Reason.UNTRUSTED_TRUST_DOMAIN,
                        "no X.509 bundle for trust domain " + LogSafe.quote(peer.trustDomain().name()) + " (peer "
                                + LogSafe.quote(peer.toString()) + ")"));
            return VerifiedChainCache.Outcome.verified(new VerifiedX509Svid(id, validatePath(chain, bundle, id, now)), bundle);
        }
        catch (InvalidX509SvidException ex) {
            return VerifiedChainCache.Outcome.refused(ex, (id != null) ? id.trustDomain() : null, bundle);
        }
    }

    private static void checkValidity(X509Certificate leaf, SpiffeId id, Instant now) throws InvalidX509SvidException {
        try {
            leaf.checkValidity(Date.from(now));
        }
        catch (CertificateExpiredException ex) {
            throw new InvalidX509SvidException(Reason.EXPIRED, "certificate of " + LogSafe.quote(id.toString())
                    + " expired at " + leaf.getNotAfter().toInstant());
        }
        catch (CertificateNotYetValidException ex) {
            throw new InvalidX509SvidException(Reason.NOT_YET_VALID, "certificate of " + LogSafe.quote(id.toString())
                    + " is not valid before " + leaf.getNotBefore().toInstant());
        }
    }

    private static List<X509Certificate> validatePath(List<X509Certificate> chain, X509Bundle bundle, SpiffeId id,
            Instant now) throws InvalidX509SvidException {
        if (bundle.isEmpty()) {
            throw untrusted(id, "the bundle has no authorities", null);
        }
        List<X509Certificate> path = pathBelowAuthorities(chain, bundle);
        try {
            CertPath certPath = CERTIFICATES.get().generateCertPath(path);
            PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) PATHS.get()
                .validate(certPath, bundle.pkixParameters(now));
            List<X509Certificate> verified = new ArrayList<>(path);
            verified.add(result.getTrustAnchor().getTrustedCert());
            return verified;
        }
        catch (GeneralSecurityException ex) {
            throw untrusted(id, ex.getMessage(), ex);
        }
    }

    /** Built on failure only: the success path of a handshake formats nothing. */
    private static InvalidX509SvidException untrusted(SpiffeId id, String detail, Throwable cause) {
        return new InvalidX509SvidException(Reason.UNTRUSTED_CHAIN, "certificate of " + LogSafe.quote(id.toString())
                + " does not verify against the X.509 bundle of " + LogSafe.quote(id.trustDomain().name()) + ": " + detail, cause);
    }

    private static <T> ThreadLocal<T> perThread(String what, SecuritySupplier<T> factory) {
        return ThreadLocal.withInitial(() -> {
            try {
                return factory.get();
            }
            catch (GeneralSecurityException ex) {
                throw new IllegalStateException(what + " is required of every Java platform", ex);
            }
        });
    }

    @FunctionalInterface
    private interface SecuritySupplier<T> {

        T get() throws GeneralSecurityException;
    }

    /** The chain without the bundle's own authorities (a peer may send its root along; the anchor is not part of the path). */
    private static List<X509Certificate> pathBelowAuthorities(List<X509Certificate> chain, X509Bundle bundle) {
        for (int i = 1; i < chain.size(); i++) {
            if (bundle.hasAuthority(chain.get(i))) {
                return chain.subList(0, i);
            }
        }
        return chain;
    }

    /** Builds an {@link X509SvidVerifier}. */
    public static final class Builder {

        private final X509BundleSource bundles;

        private Clock clock = Clock.systemUTC();

        private int cacheSize;

        private Builder(X509BundleSource bundles) {
            this.bundles = Objects.requireNonNull(bundles, "bundle source");
        }

        /** The clock validity is checked at (default: the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Remembers the outcome for up to this many chains (default 0: none), so that a chain checked once, in the
         * TLS handshake say, is not path-validated again by a later check of the same connection. An outcome is
         * reused only while the bundle of the chain's trust domain is the one it was reached with and no
         * certificate of the chain has expired.
         */
        public Builder cacheSize(int cacheSize) {
            if (cacheSize < 0) {
                throw new IllegalArgumentException("cache size cannot be negative: " + cacheSize);
            }
            this.cacheSize = cacheSize;
            return this;
        }

        public X509SvidVerifier build() {
            return new X509SvidVerifier(this.bundles, this.clock, this.cacheSize);
        }
    }
}
