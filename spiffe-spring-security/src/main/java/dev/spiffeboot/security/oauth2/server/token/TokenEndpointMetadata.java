package dev.spiffeboot.security.oauth2.server.token;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.spiffeboot.security.oauth2.PublicDocuments;

/**
 * The authorization server metadata (RFC 8414) of a service's own token endpoint, at
 * {@code /.well-known/oauth-authorization-server} followed by the issuer's path: the issuer identifier, the token
 * endpoint's URL, the {@code client_credentials} grant and the client authentication methods, so that a client
 * discovers this endpoint as it discovers any authorization server.
 */
public final class TokenEndpointMetadata implements PublicDocuments {

    /** The token endpoint authentication method of JWT-SVID assertions, as this project names it (also for Spring Authorization Server). */
    public static final String JWT_SPIFFE_METHOD = "spiffe_jwt";

    private final String path;

    private final String json;

    /**
     * The metadata of an endpoint.
     *
     * @param issuer the issuer identifier
     * @param tokenEndpoint the token endpoint's URL, as clients reach it
     */
    public TokenEndpointMetadata(URI issuer, URI tokenEndpoint) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(tokenEndpoint, "token endpoint");
        String issuerPath = (issuer.getRawPath() == null || issuer.getRawPath().equals("/")) ? "" : issuer.getRawPath();
        this.path = "/.well-known/oauth-authorization-server" + issuerPath;
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer.toString());
        document.put("token_endpoint", tokenEndpoint.toString());
        document.put("grant_types_supported", List.of("client_credentials"));
        document.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt", JWT_SPIFFE_METHOD));
        document.put("token_endpoint_auth_signing_alg_values_supported",
                List.of("ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"));
        this.json = JSONObjectUtils.toJSONString(document);
    }

    /** The local path of the metadata. */
    public String path() {
        return this.path;
    }

    @Override
    public Document documentAt(String path) {
        return this.path.equals(path) ? new Document(this.json, Duration.ofMinutes(5)) : null;
    }
}
