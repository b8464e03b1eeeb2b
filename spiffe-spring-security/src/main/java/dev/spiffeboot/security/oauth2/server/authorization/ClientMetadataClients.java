package dev.spiffeboot.security.oauth2.server.authorization;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.clientmetadata.AllowedIssuers;
import dev.spiffeboot.security.clientmetadata.ClientMetadataDocument;
import dev.spiffeboot.security.clientmetadata.ClientMetadataException;
import dev.spiffeboot.security.clientmetadata.ClientMetadataFetcher;
import dev.spiffeboot.security.clientmetadata.ClientMetadataTokenVerifier;
import dev.spiffeboot.security.jwt.IssuerJwtProcessor;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;

/**
 * OAuth clients this authorization server has never registered, identified by the URL of their client ID metadata
 * document (draft-ietf-oauth-client-id-metadata-document), for the {@code client_credentials} grant. For a
 * {@code client_id} the allow-list accepts (nothing by default), the document is fetched safely
 * ({@link ClientMetadataFetcher}) and cached as its {@code Cache-Control} says within bounds, and the client is
 * what it says, as far as this server lets it:
 * <ul>
 * <li>its client ID (and its registered ID) is the URL; its name is the document's {@code client_name};</li>
 * <li>it authenticates with {@code private_key_jwt} when the document declares it (a JWT signed with a key of the
 * document's {@code jwks} or {@code jwks_uri}, see {@link #verifyAssertion}), and with {@code spiffe_jwt} (a
 * JWT-SVID) when the document names a SPIFFE ID ({@code spiffe_id}, draft-ietf-oauth-spiffe-client-auth-02,
 * section 5.1), to which it is then bound ({@link JwtSvidClientAuthentication#SPIFFE_ID_SETTING});</li>
 * <li>its one grant is {@code client_credentials}; a document whose {@code grant_types} does not list it is refused
 * (a document without {@code grant_types} is accepted, as in the SPIFFE draft's example);</li>
 * <li>its scopes are the ones configured here, narrowed to the document's {@code scope} when it has one: the
 * document is written by the client itself, so it cannot grant itself more than the authorization server
 * allows;</li>
 * <li>its tokens have the configured token settings.</li>
 * </ul>
 * The client is never registered: it is built again from the document held, which is fetched again when no longer
 * fresh, so a changed document (new keys, another SPIFFE ID, fewer scopes) takes effect then. A document that
 * cannot be had refuses the client with {@code invalid_client} saying why, or {@code temporarily_unavailable}
 * when its server is unreachable and nothing is held.
 */
public final class ClientMetadataClients {

    /**
     * The client setting that marks a client built from its client ID metadata document (a registered client of
     * the same ID does not have it).
     */
    public static final String CLIENT_METADATA_SETTING = "settings.client.client-id-metadata-document";

    /** The authorization server metadata (RFC 8414) member that announces such clients (the draft, section 6). */
    public static final String METADATA_SUPPORTED = "client_id_metadata_document_supported";

    private final ClientMetadataTokenVerifier verifier;

    private final Set<String> scopes;

    private final TokenSettings tokenSettings;

    private final int maxAssertionLength;

    private ClientMetadataClients(Builder builder, ClientMetadataTokenVerifier verifier) {
        this.verifier = verifier;
        this.scopes = Set.copyOf(builder.scopes);
        this.tokenSettings = builder.tokenSettings;
        this.maxAssertionLength = builder.maxAssertionLength;
    }

    /**
     * A builder.
     *
     * @param allowed the client IDs accepted
     * @param issuer this authorization server's issuer identifier, the only audience a client assertion may carry
     * @param fetcher what fetches documents and keys
     */
    public static Builder builder(AllowedIssuers allowed, String issuer, ClientMetadataFetcher fetcher) {
        return new Builder(allowed, issuer, fetcher);
    }

    /** Whether the allow-list accepts the client ID (nothing is fetched). */
    public boolean accepts(String clientId) {
        return clientId != null && this.verifier.accepts(clientId);
    }

    /**
     * The client whose client ID metadata document is at the client ID, as its document held now says.
     *
     * @return the client, or {@code null} when the allow-list does not accept the client ID
     * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException {@code invalid_client} when the
     * document cannot be had or does not describe a client of this server, {@code temporarily_unavailable} when its
     * server cannot be reached now
     */
    public RegisteredClient findByClientId(String clientId) {
        if (!accepts(clientId)) {
            return null;
        }
        ClientMetadataDocument document;
        try {
            document = this.verifier.document(clientId);
        }
        catch (ClientMetadataException ex) {
            if (ex.kind() == ClientMetadataException.Kind.UNREACHABLE) {
                throw ClientAuthenticationException.clientMetadataUnavailable("the client ID metadata document of client "
                        + ErrorDescriptions.quote(clientId) + " could not be fetched now: " + ex.getMessage());
            }
            throw ClientAuthenticationException.clientMetadataRefused(ex.getMessage());
        }
        return registeredClient(document);
    }

    /** Whether the client was built from its client ID metadata document (by {@link #findByClientId}). */
    public static boolean isClientMetadataClient(RegisteredClient client) {
        return Boolean.TRUE.equals(client.getClientSettings().getSetting(CLIENT_METADATA_SETTING));
    }

    /**
     * Verifies a {@code private_key_jwt} client assertion of a client of a client ID metadata document (RFC 7523,
     * section 3, with draft-ietf-oauth-rfc7523bis): {@code iss} and {@code sub} are the client ID; {@code aud} is
     * this server's issuer identifier alone; {@code exp} is present and not past, {@code iat} present and not in the
     * future, and the assertion lives at most the maximum lifetime; it carries a {@code jti} the client has not used
     * before; and it is signed, with an asymmetric algorithm, by a key of the document (a {@code kid} the keys lack
     * makes them be fetched again, at most once per minimum refetch interval).
     *
     * @return the assertion, verified
     * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException {@code invalid_client} saying
     * what failed, or {@code temporarily_unavailable} when the keys cannot be fetched now
     */
    public Jwt verifyAssertion(RegisteredClient client, String assertion) {
        String clientId = client.getClientId();
        if (assertion.length() > this.maxAssertionLength) {
            throw ClientAuthenticationException.clientMetadataRefused("client_assertion is longer than "
                    + this.maxAssertionLength + " characters");
        }
        UnaryOperator<String> describe = problem -> "client_assertion is not valid for this authorization server: " + problem;
        Jwt claims;
        try {
            SignedJWT jwt = IssuerJwtProcessor.parse(assertion, describe);
            claims = IssuerJwtProcessor.unverified(assertion, jwt, describe);
        }
        catch (BearerTokenRejectedException ex) {
            throw ClientAuthenticationException.clientMetadataRefused(ex.getError().getDescription());
        }
        // before anything is fetched for it: the assertion must be the client's own
        if (!clientId.equals(claims.getClaimAsString("iss"))) {
            throw ClientAuthenticationException.clientMetadataRefused("client_assertion is issued by "
                    + ErrorDescriptions.quote(String.valueOf(claims.getClaimAsString("iss"))) + ", not by the client "
                    + ErrorDescriptions.quote(clientId) + " (iss must be the client ID)");
        }
        try {
            this.verifier.verify(assertion);
        }
        catch (BearerTokenRejectedException ex) {
            if (ex.isUnavailable() || ClientAssertionRules.TOO_MANY_ASSERTIONS.equals(ex.reason())) {
                throw ClientAuthenticationException.clientMetadataUnavailable("client_assertion could not be checked now: "
                        + ex.getError().getDescription());
            }
            throw ClientAuthenticationException.clientMetadataRefused(describe.apply(ex.getError().getDescription()));
        }
        return claims;
    }

    /**
     * Adds {@value #METADATA_SUPPORTED} to the authorization server metadata (RFC 8414), as the draft requires of
     * an authorization server that publishes its metadata.
     */
    public static Consumer<OAuth2AuthorizationServerMetadata.Builder> advertised() {
        return metadata -> metadata.claim(METADATA_SUPPORTED, true);
    }

    private RegisteredClient registeredClient(ClientMetadataDocument document) {
        String clientId = document.clientId();
        Object grantTypes = document.members().get("grant_types");
        if (grantTypes != null && !(grantTypes instanceof List<?> listed
                && listed.contains(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue()))) {
            throw ClientAuthenticationException.clientMetadataRefused("the client ID metadata document "
                    + ErrorDescriptions.quote(clientId) + " does not list client_credentials in grant_types, the grant "
                    + "this authorization server offers such clients");
        }
        ClientSettings.Builder settings = ClientSettings.builder().setting(CLIENT_METADATA_SETTING, true);
        Set<ClientAuthenticationMethod> methods = new LinkedHashSet<>();
        if (ClientMetadataDocument.PRIVATE_KEY_JWT.equals(document.tokenEndpointAuthMethod())) {
            methods.add(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
            // marks the method as private_key_jwt (not client_secret_jwt) for Spring; the algorithms accepted are
            // the asymmetric ones of IssuerJwtProcessor, with the document's keys
            settings.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.ES256);
        }
        if (document.spiffeId() != null) {
            methods.add(JwtSvidClientAuthentication.METHOD);
            settings.setting(JwtSvidClientAuthentication.SPIFFE_ID_SETTING, document.spiffeId());
        }
        String name = (document.members().get("client_name") instanceof String text && !text.isBlank()) ? text : clientId;
        Set<String> scopes = scopes(document);
        return RegisteredClient.withId(clientId)
            .clientId(clientId)
            .clientName(name)
            .clientAuthenticationMethods(values -> values.addAll(methods))
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .scopes(values -> values.addAll(scopes))
            .clientSettings(settings.build())
            .tokenSettings(this.tokenSettings)
            .build();
    }

    /** The scopes configured, narrowed to the document's {@code scope} when it has one. */
    private Set<String> scopes(ClientMetadataDocument document) {
        Object declared = document.members().get("scope");
        if (declared == null) {
            return this.scopes;
        }
        if (!(declared instanceof String text)) {
            throw ClientAuthenticationException.clientMetadataRefused("the client ID metadata document "
                    + ErrorDescriptions.quote(document.clientId()) + " has a scope that is not a string");
        }
        Set<String> scopes = new LinkedHashSet<>(List.of(text.trim().split("\\s+")));
        scopes.retainAll(this.scopes);
        return scopes;
    }

    /** Builds {@link ClientMetadataClients}. */
    public static final class Builder {

        private final String issuer;

        private final ClientMetadataTokenVerifier.Builder verifier;

        private Collection<String> scopes = List.of();

        private TokenSettings tokenSettings = TokenSettings.builder().build();

        private Duration clockSkew = JwtSvidValidator.DEFAULT_CLOCK_SKEW;

        private Clock clock = Clock.systemUTC();

        private int maxAssertionLength = JwtSvidValidator.DEFAULT_MAX_TOKEN_LENGTH;

        private int maxRememberedAssertions = 100_000;

        private Builder(AllowedIssuers allowed, String issuer, ClientMetadataFetcher fetcher) {
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("the issuer identifier of the authorization server must be given: "
                        + "it is the audience client assertions must carry");
            }
            this.issuer = issuer;
            this.verifier = ClientMetadataTokenVerifier.builder(allowed, List.of(issuer), fetcher);
        }

        /** The scopes such clients may request (default none). */
        public Builder scopes(Collection<String> scopes) {
            this.scopes = List.copyOf(scopes);
            return this;
        }

        /** The token settings of such clients (default Spring's: 5-minute self-contained access tokens). */
        public Builder tokenSettings(TokenSettings tokenSettings) {
            this.tokenSettings = Objects.requireNonNull(tokenSettings, "token settings");
            return this;
        }

        /** The clock difference tolerated on {@code exp}, {@code nbf} and {@code iat} (default 60 s). */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = Objects.requireNonNull(clockSkew, "clock skew");
            return this;
        }

        /** The clock (default: the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The longest lifetime of an assertion accepted, {@code exp - iat} (default 5 minutes). */
        public Builder maxAssertionLifetime(Duration maxAssertionLifetime) {
            this.verifier.maxTokenLifetime(maxAssertionLifetime);
            return this;
        }

        /** The longest assertion read, in characters (default 8192). */
        public Builder maxAssertionLength(int maxAssertionLength) {
            if (maxAssertionLength <= 0) {
                throw new IllegalArgumentException("max assertion length must be positive, got " + maxAssertionLength);
            }
            this.maxAssertionLength = maxAssertionLength;
            return this;
        }

        /**
         * The most assertions remembered to refuse their replay (default 100,000); when that many are still valid,
         * new ones are refused with {@code temporarily_unavailable}.
         */
        public Builder maxRememberedAssertions(int maxRememberedAssertions) {
            if (maxRememberedAssertions <= 0) {
                throw new IllegalArgumentException("max remembered assertions must be positive, got " + maxRememberedAssertions);
            }
            this.maxRememberedAssertions = maxRememberedAssertions;
            return this;
        }

        /** The largest document (default 16 KiB) and JWK Set (default 64 KiB) read, in bytes. */
        public Builder maxSizes(int maxDocumentBytes, int maxJwkSetBytes) {
            this.verifier.maxSizes(maxDocumentBytes, maxJwkSetBytes);
            return this;
        }

        /** The most documents held, and the most JWK Sets (default 1000 each). */
        public Builder cacheSize(int cacheSize) {
            this.verifier.cacheSize(cacheSize);
            return this;
        }

        /**
         * How long fetched documents and keys are reused: as their {@code Cache-Control} says, within these bounds
         * (default 1 minute to 24 hours; 5 minutes when it says nothing).
         */
        public Builder cacheLifetime(Duration min, Duration max) {
            this.verifier.cacheLifetime(min, max);
            return this;
        }

        /** How often at most a client's keys are fetched again for a {@code kid} they lack (default 30 s). */
        public Builder minRefetchInterval(Duration minRefetchInterval) {
            this.verifier.minRefetchInterval(minRefetchInterval);
            return this;
        }

        /**
         * The clients. Nothing is fetched yet: a client's document is fetched when it first asks for a token.
         *
         * @throws IllegalArgumentException naming the setting that is wrong
         */
        public ClientMetadataClients build() {
            UsedAssertionIds used = new UsedAssertionIds(this.maxRememberedAssertions, this.clock);
            ClientMetadataTokenVerifier verifier = this.verifier.spiffeIdDocuments(true)
                .clockSkew(this.clockSkew)
                .clock(this.clock)
                .validator(new ClientAssertionRules(this.issuer, used, this.clockSkew))
                .build();
            return new ClientMetadataClients(this, verifier);
        }
    }
}
