package dev.spiffeboot.security.oauth2.client;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.spiffeboot.workloadapi.JwtSource;

/**
 * How this workload authenticates to an authorization server's token endpoint: the request parameters that carry
 * its client assertion, for the authorization server's issuer identifier (the assertion's audience).
 */
@FunctionalInterface
public interface ClientAssertion {

    /** The {@code client_assertion_type} of a JWT-SVID (draft-ietf-oauth-spiffe-client-auth). */
    String JWT_SPIFFE = "urn:ietf:params:oauth:client-assertion-type:jwt-spiffe";

    /** The {@code client_assertion_type} of a JWT the client signs itself (RFC 7523, {@code private_key_jwt}). */
    String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /** The token request parameters that authenticate this client to the issuer. */
    Map<String, String> parameters(URI issuer);

    /**
     * A JWT-SVID of this workload for the issuer as the assertion, as draft-ietf-oauth-spiffe-client-auth defines it:
     * the client is the SVID's SPIFFE ID, the audience the issuer identifier alone.
     */
    static ClientAssertion jwtSvid(JwtSource jwtSource) {
        Objects.requireNonNull(jwtSource, "JWT source");
        return issuer -> {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("client_assertion_type", JWT_SPIFFE);
            parameters.put("client_assertion", jwtSource.fetchJwtSvid(issuer.toString()).token());
            return parameters;
        };
    }

    /**
     * A JWT this workload signs as the client of its client ID metadata document ({@code private_key_jwt}): the
     * client ID is the document's URL.
     */
    static ClientAssertion clientIdJwt(ClientIdJwts jwts) {
        Objects.requireNonNull(jwts, "client ID JWTs");
        return issuer -> {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("client_id", jwts.clientId());
            parameters.put("client_assertion_type", JWT_BEARER);
            parameters.put("client_assertion", jwts.mint(issuer.toString()));
            return parameters;
        };
    }
}
