package dev.spiffeboot.security.oauth2.client;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.spiffeboot.security.oauth2.HttpsUrls;

/**
 * This workload's client ID metadata document (draft-ietf-oauth-client-id-metadata-document) and the JWK Set it
 * points to: {@code client_id} (the document's own URL), {@code client_name}, {@code jwks_uri} or the keys inline as
 * {@code jwks}, {@code token_endpoint_auth_method} {@code private_key_jwt} and the {@code client_credentials} grant.
 * The keys are the {@link SvidSigningKeys} published now, so the document is written anew for every request.
 */
public final class PublishedClientMetadata {

    private final URI clientId;

    private final String clientName;

    private final URI jwksUri;

    private final SvidSigningKeys keys;

    private final Duration maxAge;

    /**
     * A document.
     *
     * @param clientId the client ID: the document's https URL ({@code http} only for a loopback host)
     * @param clientName the human-readable name, or {@code null}
     * @param jwksUri where the JWK Set is published, or {@code null} to put the keys in the document
     * @param keys the keys published
     * @param maxAge how long verifiers may cache the document and the JWK Set ({@code Cache-Control: max-age})
     * @throws IllegalArgumentException if the client ID or the JWK Set URI is not a URL the draft allows
     */
    public PublishedClientMetadata(URI clientId, String clientName, URI jwksUri, SvidSigningKeys keys, Duration maxAge) {
        this.clientId = checkClientId(Objects.requireNonNull(clientId, "client ID"));
        this.clientName = clientName;
        this.jwksUri = (jwksUri != null) ? checkJwksUri(jwksUri) : null;
        this.keys = Objects.requireNonNull(keys, "keys");
        this.maxAge = Objects.requireNonNull(maxAge, "max age");
    }

    /** The client ID. */
    public URI clientId() {
        return this.clientId;
    }

    /** Where the JWK Set is published, or {@code null} when the document carries the keys. */
    public URI jwksUri() {
        return this.jwksUri;
    }

    /** How long the document and the JWK Set may be cached. */
    public Duration maxAge() {
        return this.maxAge;
    }

    /** The document, as JSON. */
    public String documentJson() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("client_id", this.clientId.toString());
        if (this.clientName != null && !this.clientName.isBlank()) {
            document.put("client_name", this.clientName);
        }
        if (this.jwksUri != null) {
            document.put("jwks_uri", this.jwksUri.toString());
        }
        else {
            document.put("jwks", this.keys.publicKeys().toJSONObject(true));
        }
        document.put("token_endpoint_auth_method", "private_key_jwt");
        document.put("grant_types", List.of("client_credentials"));
        document.put("response_types", List.of());
        return JSONObjectUtils.toJSONString(document);
    }

    /** The JWK Set: the public keys only, as JSON. */
    public String jwkSetJson() {
        return JSONObjectUtils.toJSONString(this.keys.publicKeys().toJSONObject(true));
    }

    /**
     * The client ID as the draft requires it: an https URL (http only for a loopback host, for development) with a
     * path, without dot segments, query, fragment or user information.
     */
    static URI checkClientId(URI uri) {
        checkWebUrl(uri, "client ID");
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw new IllegalArgumentException("the client ID must have a path, got " + uri);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || segment.equalsIgnoreCase("%2e")
                    || segment.equalsIgnoreCase("%2e%2e") || segment.equalsIgnoreCase(".%2e") || segment.equalsIgnoreCase("%2e.")) {
                throw new IllegalArgumentException("the client ID must not have dot segments in its path, got " + uri);
            }
        }
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException("the client ID must not have a query, got " + uri);
        }
        return uri;
    }

    private static URI checkJwksUri(URI uri) {
        checkWebUrl(uri, "JWK Set URI");
        return uri;
    }

    private static void checkWebUrl(URI uri, String what) {
        String problem = HttpsUrls.problem(uri, true);
        if (problem != null) {
            throw new IllegalArgumentException("the " + what + " " + problem + ", got " + uri);
        }
    }
}
