package dev.spiffeboot.svid.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * A JWT-SVID: a JWS-signed token whose {@code sub} is a SPIFFE ID.
 * <p>
 * Instances come from {@link JwtSvidValidator#validate} (a token received from a peer, fully validated) or from
 * {@link #parseUnverified} (a token this workload received from its own Workload API). Immutable;
 * {@link #toString()} never shows the token.
 */
public final class JwtSvid {

    private final String token;

    private final SpiffeId id;

    private final List<String> audience;

    private final Instant expiresAt;

    private final Instant issuedAt;

    private final Map<String, Object> claims;

    private final String hint;

    JwtSvid(String token, SpiffeId id, List<String> audience, Instant expiresAt, Instant issuedAt,
            Map<String, Object> claims, String hint) {
        this.token = token;
        this.id = id;
        this.audience = List.copyOf(audience);
        this.expiresAt = expiresAt;
        this.issuedAt = issuedAt;
        this.claims = claims;
        this.hint = hint;
    }

    /**
     * Reads a JWT-SVID <em>without verifying its signature</em>, for tokens this workload obtained from its own
     * Workload API (which it trusts) and wants to present to others. The structure and claims are still checked:
     * algorithm, {@code typ}, {@code sub}, {@code aud} and {@code exp} must be present and well formed.
     * Never use this for a token received from a peer; use {@link JwtSvidValidator}.
     *
     * @param hint the operator's hint from the Workload API, or {@code ""}
     * @throws InvalidJwtSvidException if the token is malformed or lacks a required claim
     */
    public static JwtSvid parseUnverified(String token, String hint) throws InvalidJwtSvidException {
        JwtSvidToken parsed = JwtSvidToken.parse(token, Integer.MAX_VALUE);
        return parsed.toSvid(Objects.requireNonNullElse(hint, ""));
    }

    /** The serialized token, to send as {@code Authorization: Bearer <token>}. A secret: do not log it. */
    public String token() {
        return this.token;
    }

    /** The SPIFFE ID from {@code sub}. */
    public SpiffeId id() {
        return this.id;
    }

    /** The audiences from {@code aud}. */
    public List<String> audience() {
        return this.audience;
    }

    /** The expiry from {@code exp}. */
    public Instant expiresAt() {
        return this.expiresAt;
    }

    /** The issue time from {@code iat}, when present. */
    public Optional<Instant> issuedAt() {
        return Optional.ofNullable(this.issuedAt);
    }

    /** All claims, as JSON types (strings, numbers, booleans, lists and maps). */
    public Map<String, Object> claims() {
        return this.claims;
    }

    /** The operator's hint from the Workload API; empty when there is none. */
    public String hint() {
        return this.hint;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof JwtSvid && this.token.equals(((JwtSvid) other).token));
    }

    @Override
    public int hashCode() {
        return this.token.hashCode();
    }

    /** The ID, audience and expiry; never the token. */
    @Override
    public String toString() {
        return "JwtSvid[id=" + this.id + ", audience=" + this.audience + ", expiresAt=" + this.expiresAt + "]";
    }
}
