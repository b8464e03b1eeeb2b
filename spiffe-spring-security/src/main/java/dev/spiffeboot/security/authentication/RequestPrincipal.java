package dev.spiffeboot.security.authentication;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * The identity a request's bearer token asserts, next to the transport peer: a JWT-SVID's SPIFFE ID,
 * {@code issuer/subject} of a token from a configured issuer (as Istio names request principals), or the client ID
 * URL of a token whose issuer is a client ID metadata document.
 *
 * @param value the principal: the SPIFFE ID of a JWT-SVID, the client ID URL of a client ID metadata issuer's token,
 * or {@code iss/sub} of another token
 * @param kind where it comes from
 * @param spiffeId the SPIFFE ID of a JWT-SVID; {@code null} for other tokens
 * @param audience the token's audiences
 * @param expiresAt the token's expiry
 * @param claims the token's claims (never the token itself); values may be {@code null} as JSON allows
 */
public record RequestPrincipal(String value, Kind kind, SpiffeId spiffeId, List<String> audience, Instant expiresAt,
        Map<String, Object> claims) {

    /**
     * A request principal.
     *
     * @throws IllegalArgumentException if a JWT-SVID principal is not its SPIFFE ID, or another one has a SPIFFE ID
     */
    public RequestPrincipal {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.JWT_SVID) != (spiffeId != null) || (spiffeId != null && !spiffeId.toString().equals(value))) {
            throw new IllegalArgumentException("a JWT-SVID principal is its SPIFFE ID, and only a JWT-SVID has one");
        }
        audience = List.copyOf(audience);
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    /** The principal of a validated JWT-SVID. */
    public static RequestPrincipal jwtSvid(SpiffeId id, List<String> audience, Instant expiresAt, Map<String, Object> claims) {
        return new RequestPrincipal(id.toString(), Kind.JWT_SVID, id, audience, expiresAt, claims);
    }

    /** The principal {@code issuer/subject} of a validated token from a configured issuer. */
    public static RequestPrincipal jwt(String issuer, String subject, List<String> audience, Instant expiresAt,
            Map<String, Object> claims) {
        return new RequestPrincipal(issuer + "/" + subject, Kind.JWT, null, audience, expiresAt, claims);
    }

    /**
     * The principal of a validated token whose issuer is a client ID metadata document: the client ID, which is the
     * URL of the document (and the token's {@code iss} and {@code sub}).
     */
    public static RequestPrincipal clientId(String clientId, List<String> audience, Instant expiresAt,
            Map<String, Object> claims) {
        return new RequestPrincipal(clientId, Kind.CLIENT_ID, null, audience, expiresAt, claims);
    }

    /** Where a request principal comes from. */
    public enum Kind {

        /** A JWT-SVID: the value is its SPIFFE ID. */
        JWT_SVID,

        /** A JWT from a configured issuer (an end user, typically): the value is {@code iss/sub}. */
        JWT,

        /**
         * A JWT whose issuer is an OAuth client's client ID metadata document (draft-ietf-oauth-client-id-metadata-document):
         * the value is the client ID, the document's https URL.
         */
        CLIENT_ID
    }

    @Override
    public String toString() {
        return this.value;
    }
}
