package dev.spiffeboot.autoconfigure.tokenendpoint;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * This service's own token endpoint: its clients trade a client assertion (a JWT-SVID, or a JWT of a client ID
 * metadata document client) for a short-lived access token that this service validates without network calls.
 */
@ConfigurationProperties("spiffe.security.token-endpoint")
public class SpiffeTokenEndpointProperties {

    /**
     * Whether the token endpoint and its authorization server metadata are served.
     */
    private boolean enabled;

    /**
     * The issuer identifier ('iss' of the access tokens, and the only audience accepted in client assertions): an
     * https URL (http only for a loopback host). Required when enabled.
     */
    private URI issuer;

    /**
     * The resource identifier ('aud' of the access tokens, and the RFC 8707 'resource' clients may ask for). Default:
     * the issuer.
     */
    private URI resource;

    /**
     * Local path of the token endpoint.
     */
    private String path = "/oauth2/token";

    /**
     * How long an access token is valid.
     */
    private Duration tokenLifetime = Duration.ofMinutes(5);

    /**
     * How long a signing key signs before a new one replaces it; a replaced key still verifies the tokens it signed
     * until they expire, then they are refused.
     */
    private Duration keyRotation = Duration.ofHours(1);

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public URI getIssuer() {
        return this.issuer;
    }

    public void setIssuer(URI issuer) {
        this.issuer = issuer;
    }

    public URI getResource() {
        return this.resource;
    }

    public void setResource(URI resource) {
        this.resource = resource;
    }

    public String getPath() {
        return this.path;
    }

    public void setPath(String path) {
        this.path = path;
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

    public Duration getKeyRotation() {
        return this.keyRotation;
    }

    public void setKeyRotation(Duration keyRotation) {
        if (keyRotation == null || keyRotation.isNegative() || keyRotation.isZero()) {
            throw new IllegalArgumentException("the key rotation interval must be positive, got " + keyRotation);
        }
        this.keyRotation = keyRotation;
    }

    /** The resource identifier: the configured one, else the issuer. */
    URI effectiveResource() {
        return (this.resource != null) ? this.resource : this.issuer;
    }
}
