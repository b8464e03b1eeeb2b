package dev.spiffeboot.autoconfigure.authorizationserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.spiffeboot.autoconfigure.jwt.ClientMetadataFetchProperties;

/**
 * What the starter adds to Spring Security's authorization server.
 */
@ConfigurationProperties("spiffe.authorization-server")
public class SpiffeAuthorizationServerProperties {

    /**
     * Clients this authorization server never registered, identified by the URL of their client ID metadata
     * document, for the client_credentials grant.
     */
    private ClientMetadata clientMetadata = new ClientMetadata();

    public ClientMetadata getClientMetadata() {
        return this.clientMetadata;
    }

    public void setClientMetadata(ClientMetadata clientMetadata) {
        this.clientMetadata = clientMetadata;
    }

    /**
     * Clients identified by the URL of their client ID metadata document (draft-ietf-oauth-client-id-metadata-document),
     * fetched with SSRF controls; they authenticate with private_key_jwt (the document's keys) or, when the document
     * names a spiffe_id, with a JWT-SVID.
     */
    public static class ClientMetadata extends ClientMetadataFetchProperties {

        /**
         * Client IDs accepted: exact URLs, or URLs ending in '/*' that accept every URL starting with the text before
         * the '*'. Empty (the default) accepts none. A registered client of the same ID wins.
         */
        private List<String> allowedClients = new ArrayList<>();

        /**
         * Scopes these clients may request. A document cannot grant its client more: its 'scope', when it has one,
         * only narrows them.
         */
        private List<String> scopes = new ArrayList<>();

        /**
         * Lifetime of the access tokens issued to these clients.
         */
        private Duration accessTokenTimeToLive = Duration.ofMinutes(5);

        /**
         * Longest lifetime ('exp' - 'iat') of a client assertion (private_key_jwt) accepted.
         */
        private Duration maxAssertionLifetime = Duration.ofMinutes(5);

        /**
         * Most client assertions remembered to refuse their replay (each until it expires); when that many are still
         * valid, new ones are refused with temporarily_unavailable.
         */
        private int maxRememberedAssertions = 100_000;

        public ClientMetadata() {
            super("spiffe.authorization-server.client-metadata.", "allowed-clients", "client ID metadata document client");
        }

        public List<String> getAllowedClients() {
            return this.allowedClients;
        }

        public void setAllowedClients(List<String> allowedClients) {
            this.allowedClients = allowedClients;
        }

        public List<String> getScopes() {
            return this.scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }

        public Duration getAccessTokenTimeToLive() {
            return this.accessTokenTimeToLive;
        }

        public void setAccessTokenTimeToLive(Duration accessTokenTimeToLive) {
            this.accessTokenTimeToLive = positive(accessTokenTimeToLive, "access token time to live");
        }

        public Duration getMaxAssertionLifetime() {
            return this.maxAssertionLifetime;
        }

        public void setMaxAssertionLifetime(Duration maxAssertionLifetime) {
            this.maxAssertionLifetime = positive(maxAssertionLifetime, "max assertion lifetime");
        }

        public int getMaxRememberedAssertions() {
            return this.maxRememberedAssertions;
        }

        public void setMaxRememberedAssertions(int maxRememberedAssertions) {
            if (maxRememberedAssertions <= 0) {
                throw new IllegalArgumentException("max remembered assertions must be positive, got " + maxRememberedAssertions);
            }
            this.maxRememberedAssertions = maxRememberedAssertions;
        }
    }
}
