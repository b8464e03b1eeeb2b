package dev.spiffeboot.autoconfigure.jwt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are validated: JWT-SVIDs, and tokens of other issuers (end users, typically).
 */
@ConfigurationProperties("spiffe.jwt")
public class SpiffeJwtProperties {

    /**
     * Audiences this service accepts in JWT-SVIDs; a token is accepted when its 'aud' holds any of them. Empty means
     * this service's own SPIFFE ID.
     */
    private List<String> audiences = new ArrayList<>();

    /**
     * Clock difference tolerated on 'exp', 'nbf' and 'iat'.
     */
    private Duration clockSkew = Duration.ofSeconds(60);

    /**
     * Longest bearer token accepted, in characters; longer ones are refused (401) before parsing. Keep it below the
     * server's header size limit (server.max-http-request-header-size, 8KB by default), above which the server
     * itself answers 400.
     */
    private int maxTokenLength = 6144;

    /**
     * Where JWT-SVIDs are validated: LOCAL (with the JWT bundles from the Workload API) or WORKLOAD_API (each new
     * token is sent to the Workload API's ValidateJWTSVID).
     */
    private Validation validation = Validation.LOCAL;

    /**
     * Most validated tokens remembered; a token is accepted again from this cache until it expires or the bundle
     * that validated it changes.
     */
    private int cacheSize = 10_000;

    /**
     * Other token issuers accepted next to JWT-SVIDs (e.g. for end-user tokens); tokens are routed by their 'iss'.
     */
    private List<Issuer> issuers = new ArrayList<>();

    public List<String> getAudiences() {
        return this.audiences;
    }

    public void setAudiences(List<String> audiences) {
        this.audiences = audiences;
    }

    public Duration getClockSkew() {
        return this.clockSkew;
    }

    public void setClockSkew(Duration clockSkew) {
        if (clockSkew == null || clockSkew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative, got " + clockSkew);
        }
        this.clockSkew = clockSkew;
    }

    public int getMaxTokenLength() {
        return this.maxTokenLength;
    }

    public void setMaxTokenLength(int maxTokenLength) {
        if (maxTokenLength <= 0) {
            throw new IllegalArgumentException("max token length must be positive, got " + maxTokenLength);
        }
        this.maxTokenLength = maxTokenLength;
    }

    public Validation getValidation() {
        return this.validation;
    }

    public void setValidation(Validation validation) {
        this.validation = validation;
    }

    public int getCacheSize() {
        return this.cacheSize;
    }

    public void setCacheSize(int cacheSize) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cache size must not be negative, got " + cacheSize);
        }
        this.cacheSize = cacheSize;
    }

    public List<Issuer> getIssuers() {
        return this.issuers;
    }

    public void setIssuers(List<Issuer> issuers) {
        this.issuers = issuers;
    }

    /** Where JWT-SVIDs are validated. */
    public enum Validation {

        /** With the JWT bundles the Workload API streams (no call per token). */
        LOCAL,

        /** By the Workload API's ValidateJWTSVID, once per new token. */
        WORKLOAD_API
    }

    /** A token issuer other than SPIFFE, as Istio's RequestAuthentication describes one. */
    public static class Issuer {

        /**
         * The 'iss' value of the issuer's tokens.
         */
        private String issuer;

        /**
         * Where the issuer publishes its signing keys (JWK Set); fetched, cached, and fetched again for an unknown
         * 'kid'.
         */
        private String jwkSetUri;

        /**
         * Audiences accepted in this issuer's tokens (at least one).
         */
        private List<String> audiences = new ArrayList<>();

        public String getIssuer() {
            return this.issuer;
        }

        public void setIssuer(String issuer) {
            this.issuer = issuer;
        }

        public String getJwkSetUri() {
            return this.jwkSetUri;
        }

        public void setJwkSetUri(String jwkSetUri) {
            this.jwkSetUri = jwkSetUri;
        }

        public List<String> getAudiences() {
            return this.audiences;
        }

        public void setAudiences(List<String> audiences) {
            this.audiences = audiences;
        }
    }
}
