package dev.spiffeboot.bundle;

import java.util.Objects;
import java.util.Optional;

import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * What {@link X509Bundle} and {@link JwtBundle} share: the authorities of one trust domain, compared by trust domain
 * and authorities, and found only for their own trust domain.
 *
 * @param <A> how the authorities are held
 */
abstract class TrustDomainBundle<A> {

    private final TrustDomain trustDomain;

    private final A authorities;

    TrustDomainBundle(TrustDomain trustDomain, A authorities) {
        this.trustDomain = Objects.requireNonNull(trustDomain, "trust domain");
        this.authorities = authorities;
    }

    /** The trust domain these authorities vouch for. */
    public final TrustDomain trustDomain() {
        return this.trustDomain;
    }

    final A authorityHolder() {
        return this.authorities;
    }

    /** The bundle itself when asked for its own trust domain, else nothing. */
    final <B extends TrustDomainBundle<A>> Optional<B> ifFor(TrustDomain trustDomain, B self) {
        return this.trustDomain.equals(trustDomain) ? Optional.of(self) : Optional.empty();
    }

    /** What {@link #toString()} says of the authorities, e.g. their number. */
    abstract String describeAuthorities();

    @Override
    public final boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (other == null || other.getClass() != getClass()) {
            return false;
        }
        TrustDomainBundle<?> that = (TrustDomainBundle<?>) other;
        return this.trustDomain.equals(that.trustDomain) && this.authorities.equals(that.authorities);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(this.trustDomain, this.authorities);
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[trustDomain=" + this.trustDomain + ", " + describeAuthorities() + "]";
    }
}
