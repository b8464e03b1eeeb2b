package dev.spiffeboot.svid.x509;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.bundle.X509BundleSource;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.InvalidX509SvidException.Reason;

/**
 * The outcomes of chain verifications, refusals included, keyed by the chain (certificates compare by their
 * encoding). An outcome is served while the bundle of the chain's trust domain is the same bundle instance it was
 * reached with (an equal new instance counts as the same, and replaces it so later lookups compare by identity) and
 * until the first certificate of the chain expires. When full, the cache starts over.
 */
final class VerifiedChainCache {

    private final Map<List<X509Certificate>, Entry> entries = new ConcurrentHashMap<>();

    private final int maxSize;

    VerifiedChainCache(int maxSize) {
        this.maxSize = maxSize;
    }

    /**
     * What verifying one chain gave and what that depends on.
     *
     * @param verified the verified peer, or {@code null} when refused
     * @param refused why the chain was refused, or {@code null}
     * @param trustDomain the trust domain whose bundle decided, or {@code null} when no bundle was involved
     * @param bundle the bundle that decided, or {@code null} when the trust domain had none
     */
    record Outcome(VerifiedX509Svid verified, InvalidX509SvidException refused, TrustDomain trustDomain, X509Bundle bundle) {

        static Outcome verified(VerifiedX509Svid verified, X509Bundle bundle) {
            return new Outcome(verified, null, verified.id().trustDomain(), bundle);
        }

        static Outcome refused(InvalidX509SvidException refused, TrustDomain trustDomain, X509Bundle bundle) {
            return new Outcome(null, refused, trustDomain, bundle);
        }

        VerifiedX509Svid result() throws InvalidX509SvidException {
            if (this.refused != null) {
                throw this.refused;
            }
            return this.verified;
        }

        /** A chain that is not valid yet may be valid at the next look. */
        boolean cacheable() {
            return this.refused == null || this.refused.reason() != Reason.NOT_YET_VALID;
        }

        Outcome withBundle(X509Bundle current) {
            return new Outcome(this.verified, this.refused, this.trustDomain, current);
        }
    }

    /** An outcome and until when it may be served: the first expiry among the chain's certificates. */
    private record Entry(Outcome outcome, Instant validUntil) {

        static Entry of(Outcome outcome, List<X509Certificate> chain) {
            return new Entry(outcome, earliestExpiry(chain));
        }

        private static Instant earliestExpiry(List<X509Certificate> chain) {
            Instant earliest = Instant.MAX;
            for (X509Certificate certificate : chain) {
                Instant notAfter = certificate.getNotAfter().toInstant();
                if (notAfter.isBefore(earliest)) {
                    earliest = notAfter;
                }
            }
            return earliest;
        }
    }

    /** The outcome for the chain: remembered if still current, otherwise reached now and remembered. */
    VerifiedX509Svid verify(List<X509Certificate> chain, Instant now, X509BundleSource bundles, Supplier<Outcome> verification)
            throws InvalidX509SvidException {
        Entry cached = this.entries.get(chain);
        if (cached != null && now.isBefore(cached.validUntil()) && isCurrent(chain, cached, bundles)) {
            return cached.outcome().result();
        }
        Outcome outcome = verification.get();
        if (outcome.cacheable()) {
            if (this.entries.size() >= this.maxSize) {
                this.entries.clear();
            }
            this.entries.put(List.copyOf(chain), Entry.of(outcome, chain));
        }
        return outcome.result();
    }

    private boolean isCurrent(List<X509Certificate> chain, Entry cached, X509BundleSource bundles) {
        Outcome outcome = cached.outcome();
        if (outcome.trustDomain() == null) {
            return true;
        }
        X509Bundle current = bundles.findX509Bundle(outcome.trustDomain()).orElse(null);
        if (current == outcome.bundle()) {
            return true;
        }
        if (Objects.equals(current, outcome.bundle())) {
            this.entries.replace(chain, cached, new Entry(outcome.withBundle(current), cached.validUntil()));
            return true;
        }
        return false;
    }
}
