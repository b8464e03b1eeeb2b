package dev.spiffeboot.security.clientmetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.spiffeboot.text.LogSafe;

/**
 * The client ID URLs whose tokens are accepted, as a list of patterns; nothing is allowed by default. A pattern is
 * either a client ID URL, matched exactly (simple string comparison, as the draft requires: no case folding, no
 * default port removed), or a URL ending in {@code /*}, which matches every URL that starts with the text before
 * the {@code *} and continues with at least one character, over any number of path segments:
 * {@code https://service-a.example.com/.well-known/*} matches
 * {@code https://service-a.example.com/.well-known/cimd-workload-1.json} and
 * {@code https://service-a.example.com/.well-known/a/b.json}, not {@code https://service-a.example.com/.well-known/}
 * nor {@code https://service-a.example.com/other}. No other wildcard exists (none in host names). A URL a pattern
 * matches must still be a valid client ID URL (no dot segments, no query, ...) to be fetched.
 */
public final class AllowedIssuers {

    private final Set<String> exact;

    private final List<String> prefixes;

    private final List<String> patterns;

    private AllowedIssuers(Set<String> exact, List<String> prefixes, List<String> patterns) {
        this.exact = exact;
        this.prefixes = prefixes;
        this.patterns = patterns;
    }

    /**
     * The allow-list of the patterns.
     *
     * @param allowLoopbackHttp whether patterns may be {@code http} URLs of loopback hosts
     * @throws IllegalArgumentException naming the pattern by its index, and what is wrong with it
     */
    public static AllowedIssuers of(List<String> patterns, boolean allowLoopbackHttp) {
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i);
            try {
                int star = (pattern != null) ? pattern.indexOf('*') : -1;
                if (star < 0) {
                    check(pattern, allowLoopbackHttp);
                    exact.add(pattern);
                }
                else if (star == pattern.length() - 1 && pattern.endsWith("/*")) {
                    String prefix = pattern.substring(0, star);
                    // a prefix is valid when a URL it starts is
                    check(prefix + "x", allowLoopbackHttp);
                    prefixes.add(prefix);
                }
                else {
                    throw new IllegalArgumentException("may have one '*' only, as its last path segment ('/*')");
                }
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("[" + i + "] " + LogSafe.quote(pattern) + ": " + ex.getMessage(), ex);
            }
        }
        return new AllowedIssuers(Set.copyOf(exact), List.copyOf(prefixes), List.copyOf(patterns));
    }

    private static void check(String url, boolean allowLoopbackHttp) {
        String problem = ClientIdUrl.problem(url, allowLoopbackHttp);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Whether the issuer is allowed by a pattern (it may still be an invalid client ID URL). */
    public boolean matches(String issuer) {
        if (issuer == null) {
            return false;
        }
        if (this.exact.contains(issuer)) {
            return true;
        }
        for (String prefix : this.prefixes) {
            if (issuer.length() > prefix.length() && issuer.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether no pattern is configured, so nothing is allowed. */
    public boolean isEmpty() {
        return this.patterns.isEmpty();
    }

    @Override
    public String toString() {
        return LogSafe.list(this.patterns);
    }
}
