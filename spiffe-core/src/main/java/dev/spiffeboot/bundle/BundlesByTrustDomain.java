package dev.spiffeboot.bundle;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * What {@link X509BundleSet} and {@link JwtBundleSet} share: at most one bundle per trust domain, ordered by name,
 * immutable.
 *
 * @param <B> the bundle type
 */
abstract class BundlesByTrustDomain<B> {

    private final Map<TrustDomain, B> bundles;

    BundlesByTrustDomain(Map<TrustDomain, B> bundles) {
        this.bundles = bundles;
    }

    /**
     * The bundles by trust domain.
     *
     * @throws IllegalArgumentException if two bundles belong to the same trust domain
     */
    static <B> Map<TrustDomain, B> byTrustDomain(Collection<B> bundles, Function<B, TrustDomain> trustDomain, String kind) {
        Map<TrustDomain, B> map = new TreeMap<>();
        for (B bundle : bundles) {
            if (map.put(trustDomain.apply(bundle), bundle) != null) {
                throw new IllegalArgumentException(
                        "two " + kind + " bundles for trust domain \"" + trustDomain.apply(bundle) + "\"");
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** The bundles with the given one added, or replacing the one of its trust domain. */
    Map<TrustDomain, B> with(TrustDomain trustDomain, B bundle) {
        Map<TrustDomain, B> map = new TreeMap<>(this.bundles);
        map.put(trustDomain, bundle);
        return Collections.unmodifiableMap(map);
    }

    final Optional<B> find(TrustDomain trustDomain) {
        return Optional.ofNullable(this.bundles.get(trustDomain));
    }

    /** The bundles, ordered by trust domain. */
    public final Collection<B> bundles() {
        return this.bundles.values();
    }

    /** The trust domains with a bundle, ordered by name. */
    public final Set<TrustDomain> trustDomains() {
        return this.bundles.keySet();
    }

    /** Whether the set holds no bundle. */
    public final boolean isEmpty() {
        return this.bundles.isEmpty();
    }

    @Override
    public final boolean equals(Object other) {
        return this == other || (other != null && other.getClass() == getClass()
                && this.bundles.equals(((BundlesByTrustDomain<?>) other).bundles));
    }

    @Override
    public final int hashCode() {
        return this.bundles.hashCode();
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + this.bundles.keySet();
    }
}
