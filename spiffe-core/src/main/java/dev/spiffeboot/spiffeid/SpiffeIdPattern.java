package dev.spiffeboot.spiffeid;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.spiffeboot.spiffeid.InvalidSpiffeIdException.Rule;

/**
 * A SPIFFE ID pattern, validated when it is compiled.
 * <ul>
 * <li>The trust domain is literal: {@code spiffe://example.org/...}.</li>
 * <li>{@code *} inside a path segment matches any run of segment characters, never a slash:
 * {@code spiffe://example.org/ns/*}{@code /sa/web} matches {@code spiffe://example.org/ns/prod/sa/web};
 * {@code spiffe://example.org/sa/web-*} matches {@code .../sa/web-1}.</li>
 * <li>{@code **} as the last segment matches one or more trailing segments:
 * {@code spiffe://example.org/ns/prod/**} matches every ID below {@code /ns/prod}, but not {@code /ns/prod}
 * itself.</li>
 * </ul>
 * Everything else follows the SPIFFE-ID rules, so a pattern cannot hold a query, a port, empty or dot segments.
 */
public final class SpiffeIdPattern implements SpiffeIdMatcher {

    private static final String ANY_DEPTH = "**";

    private final String pattern;

    private final TrustDomain trustDomain;

    private final List<String> segments;

    private final boolean anyDepthTail;

    private SpiffeIdPattern(String pattern, TrustDomain trustDomain, List<String> segments, boolean anyDepthTail) {
        this.pattern = pattern;
        this.trustDomain = trustDomain;
        this.segments = segments;
        this.anyDepthTail = anyDepthTail;
    }

    /**
     * Compiles and validates a pattern.
     *
     * @throws InvalidSpiffeIdException naming the rule that failed
     */
    public static SpiffeIdPattern compile(String pattern) {
        Objects.requireNonNull(pattern, "SPIFFE ID pattern");
        String what = "SPIFFE ID pattern";
        int pathStart;
        try {
            // Validate as a SPIFFE ID in which every '*' stands for a segment character.
            String masked = pattern.replace('*', 'x');
            pathStart = SpiffeIdSyntax.checkSchemeAndTrustDomain(masked, what);
            SpiffeIdSyntax.checkPath(masked, pathStart, what);
        }
        catch (InvalidSpiffeIdException ex) {
            throw new InvalidSpiffeIdException(what, pattern, ex.rule());
        }
        int wildcard = pattern.indexOf('*');
        if (wildcard >= 0 && wildcard < pathStart) {
            throw new InvalidSpiffeIdException(what, pattern, Rule.PATTERN_WILDCARD);
        }
        TrustDomain trustDomain = TrustDomain.ofValidated(pattern.substring(SpiffeIdSyntax.SCHEME_PREFIX.length(), pathStart));
        List<String> segments = new ArrayList<>();
        if (pathStart < pattern.length()) {
            for (String segment : pattern.substring(pathStart + 1).split("/", -1)) {
                segments.add(segment);
            }
        }
        boolean anyDepthTail = !segments.isEmpty() && segments.get(segments.size() - 1).equals(ANY_DEPTH);
        for (int i = 0; i < segments.size(); i++) {
            boolean misplacedAnyDepth = segments.get(i).contains(ANY_DEPTH)
                    && !(anyDepthTail && i == segments.size() - 1);
            if (misplacedAnyDepth) {
                throw new InvalidSpiffeIdException(what, pattern, Rule.PATTERN_WILDCARD);
            }
        }
        if (anyDepthTail) {
            segments.remove(segments.size() - 1);
        }
        return new SpiffeIdPattern(pattern, trustDomain, List.copyOf(segments), anyDepthTail);
    }

    @Override
    public boolean matches(SpiffeId id) {
        if (id == null || !id.isMemberOf(this.trustDomain)) {
            return false;
        }
        String path = id.path();
        int position = 0;
        for (String segment : this.segments) {
            if (position >= path.length()) {
                return false;
            }
            int end = path.indexOf('/', position + 1);
            if (end < 0) {
                end = path.length();
            }
            if (!globMatches(segment, path, position + 1, end)) {
                return false;
            }
            position = end;
        }
        boolean moreSegments = position < path.length();
        return this.anyDepthTail ? moreSegments : !moreSegments;
    }

    /** Matches {@code glob} against {@code text[start, end)}, where {@code *} stands for any run of characters. */
    private static boolean globMatches(String glob, String text, int start, int end) {
        int g = 0;
        int t = start;
        int starAt = -1;
        int starText = -1;
        while (t < end) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                starAt = g++;
                starText = t;
            }
            else if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
                g++;
                t++;
            }
            else if (starAt >= 0) {
                g = starAt + 1;
                t = ++starText;
            }
            else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    /** The trust domain that every matching ID belongs to. */
    public TrustDomain trustDomain() {
        return this.trustDomain;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof SpiffeIdPattern && this.pattern.equals(((SpiffeIdPattern) other).pattern));
    }

    @Override
    public int hashCode() {
        return this.pattern.hashCode();
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return this.pattern;
    }
}
