package dev.spiffeboot.security.authorization;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.spiffeboot.security.annotation.AllowSpiffeIdPatterns;
import dev.spiffeboot.security.annotation.SpiffeAuthorize;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdPattern;

/**
 * What a {@link SpiffeAuthorize} expression can use: the properties {@code peer}, {@code caller},
 * {@code requestPrincipal} and {@code audience}, and the functions below. Values are compared as strings, so
 * {@code callerIs('spiffe://example.org/a')} reads the way it is written.
 */
public final class SpiffeSecurityExpressionRoot {

    private static final Map<String, SpiffeIdPattern> PATTERNS = new ConcurrentHashMap<>();

    private static final int MAX_CACHED_PATTERNS = 1000;

    private final SpiffeAuthentication authentication;

    /**
     * The root for one call.
     *
     * @param authentication the caller's authentication, or {@code null} for an anonymous caller
     */
    public SpiffeSecurityExpressionRoot(SpiffeAuthentication authentication) {
        this.authentication = authentication;
    }

    /** The mTLS peer's SPIFFE ID, or {@code null}. */
    public SpiffeId getPeer() {
        return (this.authentication != null) ? this.authentication.peerId().orElse(null) : null;
    }

    /** The caller's SPIFFE ID (the JWT-SVID's, else the peer's), or {@code null}. */
    public SpiffeId getCaller() {
        return (this.authentication != null) ? this.authentication.callerId().orElse(null) : null;
    }

    /** The bearer token's principal, or {@code null}. */
    public RequestPrincipal getRequestPrincipal() {
        return (this.authentication != null) ? this.authentication.requestPrincipal().orElse(null) : null;
    }

    /** The JWT-SVID's audience; empty without a JWT-SVID. */
    public List<String> getAudience() {
        return (this.authentication != null) ? this.authentication.jwtSvidAudience() : List.of();
    }

    /** Whether the mTLS peer has one of these SPIFFE IDs. */
    public boolean peerIs(String... ids) {
        return isOneOf(getPeer(), ids);
    }

    /** Whether the caller has one of these SPIFFE IDs. */
    public boolean callerIs(String... ids) {
        return isOneOf(getCaller(), ids);
    }

    /** Whether the caller belongs to one of these trust domains (names like {@code example.org}). */
    public boolean callerIn(String... trustDomains) {
        SpiffeId caller = getCaller();
        return caller != null && Arrays.asList(trustDomains).contains(caller.trustDomain().name());
    }

    /** Whether the caller's SPIFFE ID matches the pattern, as in {@link AllowSpiffeIdPatterns}. */
    public boolean callerMatches(String pattern) {
        SpiffeId caller = getCaller();
        return caller != null && compiled(pattern).matches(caller);
    }

    /** Whether the JWT-SVID's audience holds one of these values. */
    public boolean hasAudience(String... audiences) {
        return getAudience().stream().anyMatch(Arrays.asList(audiences)::contains);
    }

    /** Whether the bearer token's principal (a SPIFFE ID, {@code iss/sub}, or a client ID URL) is one of these. */
    public boolean requestPrincipalIs(String... values) {
        RequestPrincipal principal = getRequestPrincipal();
        return principal != null && Arrays.asList(values).contains(principal.value());
    }

    private static boolean isOneOf(SpiffeId id, String[] ids) {
        return id != null && Arrays.asList(ids).contains(id.toString());
    }

    private static SpiffeIdPattern compiled(String pattern) {
        SpiffeIdPattern compiled = PATTERNS.get(pattern);
        if (compiled == null) {
            compiled = SpiffeIdPattern.compile(pattern);
            if (PATTERNS.size() < MAX_CACHED_PATTERNS) {
                PATTERNS.put(pattern, compiled);
            }
        }
        return compiled;
    }
}
