package dev.spiffeboot.spiffeid;

import java.util.Objects;

/**
 * A SPIFFE trust domain: the authority part of a SPIFFE ID, such as {@code example.org}.
 * <p>
 * Instances are immutable and always valid: lower-case letters, digits, dots, dashes and underscores, at most 255
 * bytes (SPIFFE-ID standard, section 2.1). Two trust domains are equal when their names are equal.
 */
public final class TrustDomain implements Comparable<TrustDomain> {

    /** The longest trust domain name, in bytes (the RFC 3986 host limit). */
    public static final int MAX_LENGTH = 255;

    private final String name;

    private TrustDomain(String name) {
        this.name = name;
    }

    /**
     * Parses a trust domain from its name ({@code example.org}) or from a SPIFFE ID
     * ({@code spiffe://example.org/anything}), whose trust domain is returned.
     *
     * @throws InvalidSpiffeIdException naming the rule that failed
     */
    public static TrustDomain parse(String nameOrId) {
        Objects.requireNonNull(nameOrId, "trust domain");
        if (nameOrId.contains(":/")) {
            return SpiffeId.parse(nameOrId).trustDomain();
        }
        SpiffeIdSyntax.checkTrustDomainName(nameOrId, 0, nameOrId.length(), "trust domain");
        return new TrustDomain(nameOrId);
    }

    /** Wraps a name already checked by {@link SpiffeIdSyntax}. */
    static TrustDomain ofValidated(String name) {
        return new TrustDomain(name);
    }

    /** The trust domain name, e.g. {@code example.org}. */
    public String name() {
        return this.name;
    }

    /**
     * Builds a SPIFFE ID in this trust domain from path segments: {@code id("ns", "prod")} gives
     * {@code spiffe://example.org/ns/prod}, and {@code id()} gives the ID of the trust domain itself,
     * {@code spiffe://example.org}.
     *
     * @throws InvalidSpiffeIdException if a segment is empty, a dot segment, or holds a forbidden character
     */
    public SpiffeId id(String... segments) {
        return SpiffeId.of(this, segments);
    }

    @Override
    public int compareTo(TrustDomain other) {
        return this.name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof TrustDomain && this.name.equals(((TrustDomain) other).name));
    }

    @Override
    public int hashCode() {
        return this.name.hashCode();
    }

    /** The trust domain name, e.g. {@code example.org}. */
    @Override
    public String toString() {
        return this.name;
    }
}
