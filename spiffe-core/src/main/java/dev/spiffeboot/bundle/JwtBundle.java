package dev.spiffeboot.bundle;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * The JWT-SVID signing keys of one trust domain, by key ID.
 * <p>
 * Immutable. A JWT-SVID is only checked against the bundle of the trust domain of its {@code sub}, so a key
 * trusted for one domain cannot sign tokens for another.
 */
public final class JwtBundle extends TrustDomainBundle<Map<String, JwtAuthority>> implements JwtBundleSource {

    private JwtBundle(TrustDomain trustDomain, Map<String, JwtAuthority> authorities) {
        super(trustDomain, authorities);
    }

    /**
     * A bundle of the given authorities.
     *
     * @throws InvalidBundleException if two authorities share a key ID
     */
    public static JwtBundle of(TrustDomain trustDomain, Collection<JwtAuthority> authorities) {
        Objects.requireNonNull(trustDomain, "trust domain");
        Map<String, JwtAuthority> byKeyId = new LinkedHashMap<>();
        for (JwtAuthority authority : authorities) {
            JwtAuthority previous = byKeyId.putIfAbsent(authority.keyId(), authority);
            if (previous != null && !previous.equals(authority)) {
                throw new InvalidBundleException("JWT bundle of trust domain \"" + trustDomain
                        + "\" has two different keys with key ID \"" + authority.keyId() + "\"");
            }
        }
        return new JwtBundle(trustDomain, Collections.unmodifiableMap(byKeyId));
    }

    /**
     * Reads a bundle from a JWK Set, as the Workload API's {@code FetchJWTBundles} carries it. Entries with
     * {@code use: jwt-svid} or without {@code use} are read; others are ignored.
     *
     * @throws InvalidBundleException if the document is not a JWK Set, or a key has no {@code kid} or cannot be
     * decoded
     */
    public static JwtBundle parse(TrustDomain trustDomain, byte[] jwks) {
        return parse(trustDomain, new String(jwks, StandardCharsets.UTF_8));
    }

    /**
     * Reads a bundle from a JWK Set; see {@link #parse(TrustDomain, byte[])}.
     *
     * @throws InvalidBundleException if the document cannot be read
     */
    public static JwtBundle parse(TrustDomain trustDomain, String jwks) {
        return of(trustDomain, BundleDocument.parse(trustDomain, jwks, true).jwtAuthorities);
    }

    /** The authority with the given key ID. */
    public Optional<JwtAuthority> findAuthority(String keyId) {
        return Optional.ofNullable(authorityHolder().get(keyId));
    }

    /** All authorities, in the order they were given. */
    public Collection<JwtAuthority> authorities() {
        return authorityHolder().values();
    }

    /** Whether the bundle holds no key: every JWT-SVID of its trust domain is then untrusted. */
    public boolean isEmpty() {
        return authorityHolder().isEmpty();
    }

    /** The bundle as a JWK Set (each key with {@code kid} and {@code use: jwt-svid}). */
    public String toJwks() {
        return BundleDocument.write(List.of(), List.copyOf(authorityHolder().values()), null, null);
    }

    /** This bundle when asked for its own trust domain. */
    @Override
    public Optional<JwtBundle> findJwtBundle(TrustDomain trustDomain) {
        return ifFor(trustDomain, this);
    }

    @Override
    String describeAuthorities() {
        return "keyIds=" + authorityHolder().keySet();
    }
}
