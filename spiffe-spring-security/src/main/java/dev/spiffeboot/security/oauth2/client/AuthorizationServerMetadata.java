package dev.spiffeboot.security.oauth2.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * What an authorization server says about itself (RFC 8414), as far as a client of {@code client_credentials}
 * needs it: its issuer identifier and token endpoint.
 *
 * @param issuer the issuer identifier
 * @param tokenEndpoint the token endpoint
 * @param tokenEndpointAuthMethods the client authentication methods it lists (empty when it lists none)
 */
public record AuthorizationServerMetadata(URI issuer, URI tokenEndpoint, List<String> tokenEndpointAuthMethods) {

    public AuthorizationServerMetadata {
        tokenEndpointAuthMethods = List.copyOf(tokenEndpointAuthMethods);
    }

    /** The metadata URL of an issuer: the well-known path inserted between the host and the issuer's path. */
    static URI metadataUrl(URI issuer) {
        String path = (issuer.getRawPath() == null || issuer.getRawPath().equals("/")) ? "" : issuer.getRawPath();
        return URI.create(issuer.getScheme() + "://" + issuer.getRawAuthority() + "/.well-known/oauth-authorization-server" + path);
    }

    /**
     * Parses a metadata document, which must be the expected issuer's ({@code issuer} identical, RFC 8414 §3.3) and
     * name a token endpoint on https (http only where the issuer itself is http, for loopback development).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static AuthorizationServerMetadata parse(String json, URI expectedIssuer) {
        Map<String, Object> document;
        try {
            document = JSONObjectUtils.parse(json);
        }
        catch (ParseException ex) {
            throw new IllegalArgumentException("the authorization server metadata is not a JSON object");
        }
        if (!(document.get("issuer") instanceof String issuer) || !issuer.equals(expectedIssuer.toString())) {
            throw new IllegalArgumentException("the authorization server metadata names issuer " + document.get("issuer")
                    + ", not " + expectedIssuer);
        }
        if (!(document.get("token_endpoint") instanceof String endpoint)) {
            throw new IllegalArgumentException("the authorization server metadata has no token_endpoint");
        }
        URI tokenEndpoint;
        try {
            tokenEndpoint = new URI(endpoint);
        }
        catch (URISyntaxException ex) {
            throw new IllegalArgumentException("the token_endpoint of " + expectedIssuer + " is not a URI");
        }
        if (tokenEndpoint.getHost() == null || !tokenEndpoint.getScheme().equalsIgnoreCase(expectedIssuer.getScheme())) {
            throw new IllegalArgumentException("the token_endpoint of " + expectedIssuer + " must use its scheme, got " + endpoint);
        }
        List<String> methods = new ArrayList<>();
        if (document.get("token_endpoint_auth_methods_supported") instanceof List<?> listed) {
            listed.stream().filter(String.class::isInstance).map(String.class::cast).forEach(methods::add);
        }
        return new AuthorizationServerMetadata(expectedIssuer, tokenEndpoint, methods);
    }
}
