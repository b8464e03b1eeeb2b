package dev.spiffeboot.bundle;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * The X.509 bundles of several trust domains: this workload's own and the federated ones.
 * <p>
 * Immutable. Lookups go by the trust domain of the SVID being verified, so each bundle only vouches for its own
 * trust domain. A different type from {@link JwtBundleSet}, so the two kinds of bundles cannot be swapped.
 */
public final class X509BundleSet extends BundlesByTrustDomain<X509Bundle> implements X509BundleSource {

    private static final X509BundleSet EMPTY = new X509BundleSet(Map.of());

    private X509BundleSet(Map<TrustDomain, X509Bundle> bundles) {
        super(bundles);
    }

    /** A set without bundles: it trusts nothing. */
    public static X509BundleSet empty() {
        return EMPTY;
    }

    /**
     * A set of the bundles.
     *
     * @throws IllegalArgumentException if two bundles belong to the same trust domain
     */
    public static X509BundleSet of(Collection<X509Bundle> bundles) {
        return new X509BundleSet(byTrustDomain(bundles, X509Bundle::trustDomain, "X.509"));
    }

    /** A set of the bundles; see {@link #of(Collection)}. */
    public static X509BundleSet of(X509Bundle... bundles) {
        return of(Arrays.asList(bundles));
    }

    /** A copy of this set with the bundle of its trust domain added or replaced. */
    public X509BundleSet with(X509Bundle bundle) {
        return new X509BundleSet(with(bundle.trustDomain(), bundle));
    }

    @Override
    public Optional<X509Bundle> findX509Bundle(TrustDomain trustDomain) {
        return find(trustDomain);
    }
}
