package dev.spiffeboot.security.clientmetadata;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;

import dev.spiffeboot.security.clientmetadata.ClientMetadataException.Kind;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.text.LogSafe;

/**
 * A client ID metadata document (draft-ietf-oauth-client-id-metadata-document, section 4) accepted as the issuer of
 * JWTs: its {@code client_id} is, character for character, the URL it was fetched from; it declares
 * {@code token_endpoint_auth_method} {@code private_key_jwt} (RFC 7591 makes a missing one mean
 * {@code client_secret_basic}, a shared secret, which the draft forbids); it has no {@code client_secret} nor
 * {@code client_secret_expires_at}; and it carries its public keys either inline ({@code jwks}) or at a
 * {@code jwks_uri} of the same origin, never both (RFC 7591). Keys must be public asymmetric keys: private or
 * symmetric key material makes the document invalid. Other members are kept as they are, unread.
 * <p>
 * Read for an authorization server that also authenticates clients by JWT-SVID ({@code spiffeIds}), a document may
 * instead bind its client to SPIFFE IDs with {@code spiffe_id} (draft-ietf-oauth-spiffe-client-auth-02, section
 * 5.1: a SPIFFE ID, or one followed by {@code /*} for every ID below it) and then needs no keys: its
 * {@code token_endpoint_auth_method} is {@code spiffe_jwt} or missing (as in the draft's example). A document with
 * {@code private_key_jwt} and keys may name a SPIFFE ID too.
 *
 * @param clientId the client ID, the document's URL
 * @param jwks the inline keys, or {@code null}
 * @param jwksUri where the keys are, or {@code null}
 * @param spiffeId the SPIFFE ID (or {@code /*} pattern) of {@code spiffe_id}, read only for an authorization server
 * that authenticates clients by JWT-SVID; else {@code null}
 * @param members all the document's members, as fetched
 */
public record ClientMetadataDocument(String clientId, JWKSet jwks, URI jwksUri, String spiffeId, Map<String, Object> members) {

    /** The {@code token_endpoint_auth_method} of clients that authenticate with a key of their document. */
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";

    /** The {@code token_endpoint_auth_method} of clients that authenticate with a JWT-SVID. */
    public static final String SPIFFE_JWT = "spiffe_jwt";

    private static final Set<String> SECRET_MEMBERS = Set.of("client_secret", "client_secret_expires_at");

    public ClientMetadataDocument {
        Objects.requireNonNull(clientId, "client ID");
        if (jwks != null && jwksUri != null) {
            throw new IllegalArgumentException("a document has either inline keys or a JWK Set URI, not both");
        }
        if (jwks == null && jwksUri == null && spiffeId == null) {
            throw new IllegalArgumentException("a document without keys must name a SPIFFE ID");
        }
        // JSON members may be null, which Map.copyOf refuses
        members = (members != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(members)) : Map.of();
    }

    /**
     * Reads a fetched document as the issuer of tokens: it must declare {@code private_key_jwt} and carry keys.
     *
     * @param url the URL it was fetched from
     * @param members the document's JSON members
     * @param allowLoopbackHttp whether a {@code jwks_uri} may be {@code http} on a loopback host
     * @throws ClientMetadataException {@code CLIENT_ID_MISMATCH} or {@code INVALID}, saying why
     */
    public static ClientMetadataDocument parse(URI url, Map<String, Object> members, boolean allowLoopbackHttp)
            throws ClientMetadataException {
        return parse(url, members, allowLoopbackHttp, false);
    }

    /**
     * Reads a fetched document.
     *
     * @param url the URL it was fetched from
     * @param members the document's JSON members
     * @param allowLoopbackHttp whether a {@code jwks_uri} may be {@code http} on a loopback host
     * @param spiffeIds whether the document may bind its client to SPIFFE IDs ({@code spiffe_id}) instead of
     * carrying keys, for an authorization server that authenticates clients by JWT-SVID
     * @throws ClientMetadataException {@code CLIENT_ID_MISMATCH} or {@code INVALID}, saying why
     */
    public static ClientMetadataDocument parse(URI url, Map<String, Object> members, boolean allowLoopbackHttp,
            boolean spiffeIds) throws ClientMetadataException {
        Object clientId = members.get("client_id");
        if (!url.toString().equals(clientId)) {
            throw new ClientMetadataException(Kind.CLIENT_ID_MISMATCH, "the document at " + LogSafe.quote(url.toString())
                    + " has client_id " + ((clientId instanceof String text) ? LogSafe.quote(text) : "missing or not a string")
                    + ", not its own URL");
        }
        for (String secret : SECRET_MEMBERS) {
            if (members.containsKey(secret)) {
                throw invalid(url, "has " + secret + ", which a client ID metadata document must not have");
            }
        }
        String spiffeId = spiffeIds ? spiffeId(url, members.get("spiffe_id")) : null;
        Object method = members.get("token_endpoint_auth_method");
        boolean keysRequired = PRIVATE_KEY_JWT.equals(method);
        if (!keysRequired && (spiffeId == null || (method != null && !SPIFFE_JWT.equals(method)))) {
            throw invalid(url, "has token_endpoint_auth_method " + ((method instanceof String text) ? LogSafe.quote(text) : "missing")
                    + ", not private_key_jwt" + (spiffeIds ? " (nor spiffe_jwt with a spiffe_id)" : ""));
        }
        boolean inline = members.containsKey("jwks");
        boolean remote = members.containsKey("jwks_uri");
        if (inline && remote) {
            throw invalid(url, "has both jwks and jwks_uri");
        }
        if (!inline && !remote) {
            if (keysRequired) {
                throw invalid(url, "has no keys (neither jwks nor jwks_uri)");
            }
            return new ClientMetadataDocument(url.toString(), null, null, spiffeId, members);
        }
        if (inline) {
            if (!(members.get("jwks") instanceof Map<?, ?> jwks)) {
                throw invalid(url, "has a jwks that is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> keys = (Map<String, Object>) jwks;
            return new ClientMetadataDocument(url.toString(), publicKeys(keys, "the jwks of " + LogSafe.quote(url.toString())), null,
                    spiffeId, members);
        }
        return new ClientMetadataDocument(url.toString(), null, jwksUri(url, members.get("jwks_uri"), allowLoopbackHttp), spiffeId,
                members);
    }

    /** The {@code spiffe_id}, when present: a SPIFFE ID, or one followed by {@code /*}. */
    private static String spiffeId(URI url, Object value) throws ClientMetadataException {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw invalid(url, "has a spiffe_id that is not a string");
        }
        String id = text.endsWith("/*") ? text.substring(0, text.length() - 2) : text;
        try {
            SpiffeId.parse(id);
        }
        catch (IllegalArgumentException ex) {
            throw invalid(url, "has spiffe_id " + LogSafe.quote(text) + ", which is not a SPIFFE ID (nor one followed by /*)");
        }
        return text;
    }

    /**
     * The public keys of a JWK Set (inline in a document, or fetched from its {@code jwks_uri}).
     *
     * @param what names the set in messages
     * @throws ClientMetadataException {@code INVALID} for a set that is not one, or that holds private or
     * symmetric key material
     */
    public static JWKSet publicKeys(Map<String, Object> members, String what) throws ClientMetadataException {
        JWKSet keys;
        try {
            keys = JWKSet.parse(members);
        }
        catch (ParseException ex) {
            throw new ClientMetadataException(Kind.INVALID, what + " is not a JWK Set");
        }
        for (JWK key : keys.getKeys()) {
            if (key.isPrivate() || KeyType.OCT.equals(key.getKeyType())) {
                throw new ClientMetadataException(Kind.INVALID, what + " holds private or symmetric key material (kid "
                        + LogSafe.quote(key.getKeyID()) + ")");
            }
        }
        return keys;
    }

    private static URI jwksUri(URI url, Object value, boolean allowLoopbackHttp) throws ClientMetadataException {
        if (!(value instanceof String text)) {
            throw invalid(url, "has a jwks_uri that is not a string");
        }
        URI uri;
        try {
            uri = new URI(text);
        }
        catch (URISyntaxException ex) {
            throw invalid(url, "has a jwks_uri that is not a URL");
        }
        String problem = RemoteAddressPolicy.urlProblem(uri, allowLoopbackHttp);
        if (problem == null && uri.getRawFragment() != null) {
            problem = "must not contain a fragment";
        }
        if (problem != null) {
            throw invalid(url, "has jwks_uri " + LogSafe.quote(text) + ", which " + problem);
        }
        if (!url.getScheme().equals(uri.getScheme()) || !url.getHost().equalsIgnoreCase(uri.getHost()) || url.getPort() != uri.getPort()) {
            throw invalid(url, "has jwks_uri " + LogSafe.quote(text) + ", which is not of the document's origin");
        }
        return uri;
    }

    private static ClientMetadataException invalid(URI url, String problem) {
        return new ClientMetadataException(Kind.INVALID, "the client ID metadata document " + LogSafe.quote(url.toString()) + " " + problem);
    }

    /** The keys inline, for a document without a {@code jwks_uri}. */
    boolean hasInlineKeys() {
        return this.jwks != null;
    }

    /** Whether the document carries keys, inline or at a {@code jwks_uri}. */
    public boolean hasKeys() {
        return this.jwks != null || this.jwksUri != null;
    }

    /** The {@code token_endpoint_auth_method}, or {@code null} when the document declares none. */
    public String tokenEndpointAuthMethod() {
        return (this.members.get("token_endpoint_auth_method") instanceof String method) ? method : null;
    }
}
