package dev.spiffeboot.bundle;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * The X.509 and JWT bundles of several trust domains: the own trust domain and the federated ones.
 * <p>
 * Immutable. Lookups go by the trust domain of the SVID being validated, so each bundle only vouches for its own
 * trust domain.
 */
public final class BundleSet implements X509BundleSource, JwtBundleSource {

    private static final BundleSet EMPTY = new BundleSet(Map.of(), Map.of());

    private final Map<TrustDomain, X509Bundle> x509Bundles;

    private final Map<TrustDomain, JwtBundle> jwtBundles;

    private BundleSet(Map<TrustDomain, X509Bundle> x509Bundles, Map<TrustDomain, JwtBundle> jwtBundles) {
        this.x509Bundles = x509Bundles;
        this.jwtBundles = jwtBundles;
    }

    /** A set without bundles: it trusts nothing. */
    public static BundleSet empty() {
        return EMPTY;
    }

    /**
     * A set of X.509 and JWT bundles.
     *
     * @throws IllegalArgumentException if two bundles of one kind belong to the same trust domain
     */
    public static BundleSet of(Collection<X509Bundle> x509Bundles, Collection<JwtBundle> jwtBundles) {
        return new BundleSet(byTrustDomain(x509Bundles, X509Bundle::trustDomain, "X.509"),
                byTrustDomain(jwtBundles, JwtBundle::trustDomain, "JWT"));
    }

    /** A set of X.509 bundles only. */
    public static BundleSet ofX509(X509Bundle... bundles) {
        return of(Arrays.asList(bundles), List.of());
    }

    /** A set of JWT bundles only. */
    public static BundleSet ofJwt(JwtBundle... bundles) {
        return of(List.of(), Arrays.asList(bundles));
    }

    /** A set holding both halves of each SPIFFE bundle. */
    public static BundleSet ofSpiffe(Collection<SpiffeBundle> bundles) {
        return of(bundles.stream().map(SpiffeBundle::x509Bundle).toList(),
                bundles.stream().map(SpiffeBundle::jwtBundle).toList());
    }

    private static <B> Map<TrustDomain, B> byTrustDomain(Collection<B> bundles, Function<B, TrustDomain> trustDomain,
            String kind) {
        Map<TrustDomain, B> map = new TreeMap<>();
        for (B bundle : bundles) {
            if (map.put(trustDomain.apply(bundle), bundle) != null) {
                throw new IllegalArgumentException(
                        "two " + kind + " bundles for trust domain \"" + trustDomain.apply(bundle) + "\"");
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** A copy of this set with the X.509 bundle of its trust domain added or replaced. */
    public BundleSet withX509Bundle(X509Bundle bundle) {
        Map<TrustDomain, X509Bundle> x509 = new TreeMap<>(this.x509Bundles);
        x509.put(bundle.trustDomain(), bundle);
        return new BundleSet(Collections.unmodifiableMap(x509), this.jwtBundles);
    }

    /** A copy of this set with the JWT bundle of its trust domain added or replaced. */
    public BundleSet withJwtBundle(JwtBundle bundle) {
        Map<TrustDomain, JwtBundle> jwt = new TreeMap<>(this.jwtBundles);
        jwt.put(bundle.trustDomain(), bundle);
        return new BundleSet(this.x509Bundles, Collections.unmodifiableMap(jwt));
    }

    @Override
    public Optional<X509Bundle> findX509Bundle(TrustDomain trustDomain) {
        return Optional.ofNullable(this.x509Bundles.get(trustDomain));
    }

    @Override
    public Optional<JwtBundle> findJwtBundle(TrustDomain trustDomain) {
        return Optional.ofNullable(this.jwtBundles.get(trustDomain));
    }

    /** The X.509 bundles, ordered by trust domain. */
    public Collection<X509Bundle> x509Bundles() {
        return this.x509Bundles.values();
    }

    /** The JWT bundles, ordered by trust domain. */
    public Collection<JwtBundle> jwtBundles() {
        return this.jwtBundles.values();
    }

    /** Every trust domain with an X.509 or a JWT bundle. */
    public Set<TrustDomain> trustDomains() {
        Set<TrustDomain> all = new TreeSet<>(this.x509Bundles.keySet());
        all.addAll(this.jwtBundles.keySet());
        return Collections.unmodifiableSet(all);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof BundleSet && this.x509Bundles.equals(((BundleSet) other).x509Bundles)
                && this.jwtBundles.equals(((BundleSet) other).jwtBundles));
    }

    @Override
    public int hashCode() {
        return 31 * this.x509Bundles.hashCode() + this.jwtBundles.hashCode();
    }

    @Override
    public String toString() {
        return "BundleSet[x509=" + this.x509Bundles.keySet() + ", jwt=" + this.jwtBundles.keySet() + "]";
    }
}
