package dev.spiffeboot.bundle;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * The JWT bundles of several trust domains: this workload's own and the federated ones.
 * <p>
 * Immutable. Lookups go by the trust domain of the JWT-SVID being validated (its {@code sub}), so each bundle only
 * vouches for its own trust domain. A different type from {@link X509BundleSet}, so the two kinds of bundles cannot be swapped.
 */
public final class JwtBundleSet extends BundlesByTrustDomain<JwtBundle> implements JwtBundleSource {

    private static final JwtBundleSet EMPTY = new JwtBundleSet(Map.of());

    private JwtBundleSet(Map<TrustDomain, JwtBundle> bundles) {
        super(bundles);
    }

    /** A set without bundles: it trusts nothing. */
    public static JwtBundleSet empty() {
        return EMPTY;
    }

    /**
     * A set of the bundles.
     *
     * @throws IllegalArgumentException if two bundles belong to the same trust domain
     */
    public static JwtBundleSet of(Collection<JwtBundle> bundles) {
        return new JwtBundleSet(byTrustDomain(bundles, JwtBundle::trustDomain, "JWT"));
    }

    /** A set of the bundles; see {@link #of(Collection)}. */
    public static JwtBundleSet of(JwtBundle... bundles) {
        return of(Arrays.asList(bundles));
    }

    /** A copy of this set with the bundle of its trust domain added or replaced. */
    public JwtBundleSet with(JwtBundle bundle) {
        return new JwtBundleSet(with(bundle.trustDomain(), bundle));
    }

    @Override
    public Optional<JwtBundle> findJwtBundle(TrustDomain trustDomain) {
        return find(trustDomain);
    }
}
