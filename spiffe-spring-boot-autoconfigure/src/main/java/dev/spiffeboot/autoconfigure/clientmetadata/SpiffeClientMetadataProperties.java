package dev.spiffeboot.autoconfigure.clientmetadata;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * This application as an OAuth client named by its own client ID metadata document: the document's URL (the client
 * ID), what the document says, where it and the JWK Set are served, and the JWTs signed with the X509-SVID's key.
 */
@ConfigurationProperties("spiffe.client-metadata")
public class SpiffeClientMetadataProperties {

    /**
     * The client ID: the https URL at which this application's client ID metadata document is reachable (http only
     * for a loopback host). Setting it publishes the document and lets clients sign JWTs as this client.
     */
    private URI clientId;

    /**
     * Human-readable name of the client ('client_name').
     */
    private String clientName;

    /**
     * Local path at which the document is served. Default: the client ID's path.
     */
    private String documentPath;

    /**
     * URL of the JWK Set named in the document ('jwks_uri'). Default: the client ID's origin with the path
     * /.well-known/client-jwks.json.
     */
    private URI jwksUri;

    /**
     * Local path at which the JWK Set is served. Default: the path of jwks-uri.
     */
    private String jwksPath;

    /**
     * Whether the document carries the keys itself ('jwks') instead of naming a JWK Set URL.
     */
    private boolean inlineJwks;

    /**
     * How long a signed JWT is valid ('exp' - 'iat').
     */
    private Duration tokenLifetime = Duration.ofMinutes(5);

    /**
     * How long verifiers may cache the document and the JWK Set (Cache-Control max-age).
     */
    private Duration cacheMaxAge = Duration.ofMinutes(5);

    public URI getClientId() {
        return this.clientId;
    }

    public void setClientId(URI clientId) {
        this.clientId = clientId;
    }

    public String getClientName() {
        return this.clientName;
    }

    public void setClientName(String clientName) {
        this.clientName = clientName;
    }

    public String getDocumentPath() {
        return this.documentPath;
    }

    public void setDocumentPath(String documentPath) {
        this.documentPath = documentPath;
    }

    public URI getJwksUri() {
        return this.jwksUri;
    }

    public void setJwksUri(URI jwksUri) {
        this.jwksUri = jwksUri;
    }

    public String getJwksPath() {
        return this.jwksPath;
    }

    public void setJwksPath(String jwksPath) {
        this.jwksPath = jwksPath;
    }

    public boolean isInlineJwks() {
        return this.inlineJwks;
    }

    public void setInlineJwks(boolean inlineJwks) {
        this.inlineJwks = inlineJwks;
    }

    public Duration getTokenLifetime() {
        return this.tokenLifetime;
    }

    public void setTokenLifetime(Duration tokenLifetime) {
        if (tokenLifetime == null || tokenLifetime.isNegative() || tokenLifetime.isZero() || tokenLifetime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("the token lifetime must be positive and at most 1h, got " + tokenLifetime);
        }
        this.tokenLifetime = tokenLifetime;
    }

    public Duration getCacheMaxAge() {
        return this.cacheMaxAge;
    }

    public void setCacheMaxAge(Duration cacheMaxAge) {
        if (cacheMaxAge == null || cacheMaxAge.isNegative()) {
            throw new IllegalArgumentException("the cache max age must not be negative, got " + cacheMaxAge);
        }
        this.cacheMaxAge = cacheMaxAge;
    }

    /** The JWK Set URL named in the document: the configured one, or the default next to the client ID. */
    URI effectiveJwksUri() {
        if (this.jwksUri != null) {
            return this.jwksUri;
        }
        return this.clientId.resolve("/.well-known/client-jwks.json");
    }

    /** The local path of the document. */
    String effectiveDocumentPath() {
        return (this.documentPath != null) ? this.documentPath : this.clientId.getRawPath();
    }

    /** The local path of the JWK Set. */
    String effectiveJwksPath() {
        return (this.jwksPath != null) ? this.jwksPath : effectiveJwksUri().getRawPath();
    }
}
