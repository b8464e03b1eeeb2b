package dev.spiffeboot.spiffeid;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a SPIFFE ID is acceptable. The factories cover the usual cases (any ID, one ID, one of a set,
 * any member of a trust domain, a path pattern) and describe themselves in {@code toString()}, so error messages
 * can say what was expected.
 */
@FunctionalInterface
public interface SpiffeIdMatcher {

    /** Whether the ID is acceptable. */
    boolean matches(SpiffeId id);

    /** Accepts every SPIFFE ID. */
    static SpiffeIdMatcher any() {
        return new DescribedMatcher("any SPIFFE ID", id -> true);
    }

    /** Accepts exactly the given ID. */
    static SpiffeIdMatcher id(SpiffeId expected) {
        Objects.requireNonNull(expected, "expected SPIFFE ID");
        return new DescribedMatcher(expected.toString(), expected::equals);
    }

    /** Accepts any of the given IDs. */
    static SpiffeIdMatcher oneOf(SpiffeId... expected) {
        return oneOf(Arrays.asList(expected));
    }

    /** Accepts any of the given IDs. */
    static SpiffeIdMatcher oneOf(Collection<SpiffeId> expected) {
        Set<SpiffeId> allowed = Set.copyOf(expected);
        return new DescribedMatcher("one of " + new TreeSet<>(allowed), allowed::contains);
    }

    /** Accepts any ID in the given trust domain. */
    static SpiffeIdMatcher memberOf(TrustDomain trustDomain) {
        Objects.requireNonNull(trustDomain, "trust domain");
        return new DescribedMatcher("member of trust domain " + trustDomain, id -> id.isMemberOf(trustDomain));
    }

    /**
     * Accepts IDs that match a path pattern such as {@code spiffe://example.org/ns/*}{@code /sa/web}; see
     * {@link SpiffeIdPattern} for the syntax.
     *
     * @throws InvalidSpiffeIdException if the pattern is invalid
     */
    static SpiffeIdMatcher pattern(String pattern) {
        return SpiffeIdPattern.compile(pattern);
    }

    /** Accepts IDs that this matcher or the other accepts. */
    default SpiffeIdMatcher or(SpiffeIdMatcher other) {
        Objects.requireNonNull(other, "other matcher");
        SpiffeIdMatcher self = this;
        return new DescribedMatcher(this + " or " + other, id -> self.matches(id) || other.matches(id));
    }
}
