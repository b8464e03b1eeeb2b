package dev.spiffeboot.spiffeid;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A SPIFFE ID such as {@code spiffe://example.org/ns/prod/sa/web}: a trust domain and an optional path.
 * <p>
 * Instances are immutable and always valid according to every MUST of the SPIFFE-ID standard: scheme
 * {@code spiffe}, a non-empty lower-case trust domain of {@code [a-z0-9.-_]}, no userinfo, port, query, fragment or
 * percent-encoding, path segments of {@code [a-zA-Z0-9.-_]} that are neither empty nor {@code .}/{@code ..}, no
 * trailing slash, and at most {@value #MAX_LENGTH} bytes. The scheme must be written in lower case, as SPIRE and
 * go-spiffe require. Two IDs are equal when their string forms are equal.
 */
public final class SpiffeId implements Comparable<SpiffeId> {

    /** The longest SPIFFE ID accepted, in bytes (SPIFFE-ID standard, section 2.3). */
    public static final int MAX_LENGTH = 2048;

    private final String value;

    private final TrustDomain trustDomain;

    private final int pathStart;

    private SpiffeId(String value, TrustDomain trustDomain, int pathStart) {
        this.value = value;
        this.trustDomain = trustDomain;
        this.pathStart = pathStart;
    }

    /**
     * Parses a SPIFFE ID.
     *
     * @throws InvalidSpiffeIdException naming the rule that failed
     */
    public static SpiffeId parse(String id) {
        Objects.requireNonNull(id, "SPIFFE ID");
        int pathStart = SpiffeIdSyntax.checkSchemeAndTrustDomain(id, "SPIFFE ID");
        SpiffeIdSyntax.checkPath(id, pathStart, "SPIFFE ID");
        TrustDomain trustDomain = TrustDomain.ofValidated(id.substring(SpiffeIdSyntax.SCHEME_PREFIX.length(), pathStart));
        return new SpiffeId(id, trustDomain, pathStart);
    }

    /**
     * Reads a SPIFFE ID from a URI, such as the URI SAN of a certificate. The URI's raw (undecoded) form is parsed,
     * so percent-encoding is rejected rather than decoded.
     *
     * @throws InvalidSpiffeIdException naming the rule that failed
     */
    public static SpiffeId fromUri(URI uri) {
        return parse(uri.toString());
    }

    /**
     * Builds a SPIFFE ID from a trust domain and path segments; {@code of(td)} with no segments gives the ID of
     * the trust domain itself.
     *
     * @throws InvalidSpiffeIdException if a segment is empty, a dot segment, contains a slash or a forbidden
     * character, or the result is longer than {@value #MAX_LENGTH} bytes
     */
    public static SpiffeId of(TrustDomain trustDomain, String... segments) {
        Objects.requireNonNull(trustDomain, "trust domain");
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            SpiffeIdSyntax.checkSegment(Objects.requireNonNull(segment, "path segment"));
            path.append('/').append(segment);
        }
        return fromPath(trustDomain, path.toString());
    }

    /**
     * Builds a SPIFFE ID from a trust domain and a path such as {@code /ns/prod} (or {@code ""} for no path).
     *
     * @throws InvalidSpiffeIdException naming the path rule that failed
     */
    public static SpiffeId fromPath(TrustDomain trustDomain, String path) {
        Objects.requireNonNull(trustDomain, "trust domain");
        Objects.requireNonNull(path, "path");
        SpiffeIdSyntax.checkPath(path, 0, "path");
        String value = SpiffeIdSyntax.SCHEME_PREFIX + trustDomain.name() + path;
        if (value.length() > MAX_LENGTH) {
            throw new InvalidSpiffeIdException("SPIFFE ID", value, InvalidSpiffeIdException.Rule.TOO_LONG);
        }
        return new SpiffeId(value, trustDomain, SpiffeIdSyntax.SCHEME_PREFIX.length() + trustDomain.name().length());
    }

    /** The trust domain of this ID. */
    public TrustDomain trustDomain() {
        return this.trustDomain;
    }

    /** Whether this ID belongs to the given trust domain. */
    public boolean isMemberOf(TrustDomain trustDomain) {
        return this.trustDomain.equals(trustDomain);
    }

    /** The path, such as {@code /ns/prod}, or {@code ""} for the ID of a trust domain itself. */
    public String path() {
        return this.value.substring(this.pathStart);
    }

    /** Whether the ID has a path; workload (leaf) SVIDs must have one, trust domain IDs have none. */
    public boolean hasPath() {
        return this.pathStart < this.value.length();
    }

    /** The path segments, e.g. {@code [ns, prod]}; empty when the ID has no path. */
    public List<String> segments() {
        if (!hasPath()) {
            return Collections.emptyList();
        }
        return Collections.unmodifiableList(
                new ArrayList<>(Arrays.asList(this.value.substring(this.pathStart + 1).split("/", -1))));
    }

    /**
     * Appends path segments: {@code spiffe://example.org/ns} with {@code "prod"} gives
     * {@code spiffe://example.org/ns/prod}.
     *
     * @throws InvalidSpiffeIdException if a segment is invalid
     */
    public SpiffeId withSegments(String... segments) {
        List<String> all = new ArrayList<>(segments());
        all.addAll(Arrays.asList(segments));
        return of(this.trustDomain, all.toArray(new String[0]));
    }

    /** This ID as a URI. */
    public URI toUri() {
        return URI.create(this.value);
    }

    @Override
    public int compareTo(SpiffeId other) {
        return this.value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof SpiffeId && this.value.equals(((SpiffeId) other).value));
    }

    @Override
    public int hashCode() {
        return this.value.hashCode();
    }

    /** The ID in its string form, e.g. {@code spiffe://example.org/ns/prod}. */
    @Override
    public String toString() {
        return this.value;
    }
}
