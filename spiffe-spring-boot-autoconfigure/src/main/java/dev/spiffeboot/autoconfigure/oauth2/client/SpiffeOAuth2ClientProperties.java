package dev.spiffeboot.autoconfigure.oauth2.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * This workload as an OAuth client of authorization servers: the only ones it asks for access tokens, whatever a
 * protected resource's 401 names, and how it authenticates to each.
 */
@ConfigurationProperties("spiffe.oauth2.client")
public class SpiffeOAuth2ClientProperties {

    /**
     * The authorization servers this workload trusts with its client assertions. A resource's 401 naming another one
     * is returned to the caller as it came, and that server is not contacted.
     */
    private List<AuthorizationServer> authorizationServers = new ArrayList<>();

    /**
     * How long before its expiry an access token is replaced by a new one.
     */
    private Duration refreshMargin = Duration.ofSeconds(30);

    public List<AuthorizationServer> getAuthorizationServers() {
        return this.authorizationServers;
    }

    public void setAuthorizationServers(List<AuthorizationServer> authorizationServers) {
        this.authorizationServers = authorizationServers;
    }

    public Duration getRefreshMargin() {
        return this.refreshMargin;
    }

    public void setRefreshMargin(Duration refreshMargin) {
        if (refreshMargin == null || refreshMargin.isNegative()) {
            throw new IllegalArgumentException("the refresh margin must not be negative, got " + refreshMargin);
        }
        this.refreshMargin = refreshMargin;
    }

    /** A trusted authorization server. */
    public static class AuthorizationServer {

        /**
         * Its issuer identifier, exactly as its metadata and the resources' metadata name it.
         */
        private URI issuer;

        /**
         * Its SPIFFE ID: the server is reached over SPIFFE mTLS and must present this ID. Unset: the JDK's trust store
         * (WebPKI) authenticates it.
         */
        private String spiffeId;

        /**
         * How this workload authenticates to it: JWT_SVID (its JWT-SVID for the issuer, draft-ietf-oauth-spiffe-client-auth)
         * or CLIENT_ID_JWT (a JWT signed as the client of its client ID metadata document, private_key_jwt).
         */
        private ClientAuthentication clientAuthentication = ClientAuthentication.JWT_SVID;

        /**
         * Its token endpoint. Unset: discovered from its RFC 8414 metadata.
         */
        private URI tokenEndpoint;

        public URI getIssuer() {
            return this.issuer;
        }

        public void setIssuer(URI issuer) {
            this.issuer = issuer;
        }

        public String getSpiffeId() {
            return this.spiffeId;
        }

        public void setSpiffeId(String spiffeId) {
            this.spiffeId = spiffeId;
        }

        public ClientAuthentication getClientAuthentication() {
            return this.clientAuthentication;
        }

        public void setClientAuthentication(ClientAuthentication clientAuthentication) {
            this.clientAuthentication = clientAuthentication;
        }

        public URI getTokenEndpoint() {
            return this.tokenEndpoint;
        }

        public void setTokenEndpoint(URI tokenEndpoint) {
            this.tokenEndpoint = tokenEndpoint;
        }
    }

    /** How the client authenticates to an authorization server. */
    public enum ClientAuthentication {

        /** With its JWT-SVID. */
        JWT_SVID,

        /** With a JWT of its client ID metadata document ({@code spiffe.client-metadata.client-id}). */
        CLIENT_ID_JWT
    }
}
