package dev.spiffeboot.security.clientmetadata;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.DiscoveredIssuerVerifier;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.TokenKeys;
import dev.spiffeboot.security.authentication.VerifiedToken;
import dev.spiffeboot.security.clientmetadata.ClientKeysSource.ClientKeys;
import dev.spiffeboot.security.jwt.IssuerClaimsValidator;
import dev.spiffeboot.security.jwt.IssuerJwtProcessor;
import dev.spiffeboot.text.LogSafe;

/**
 * Validates JWTs whose issuer is an OAuth client's client ID metadata document
 * (draft-ietf-oauth-client-id-metadata-document): {@code iss} is the client ID, the https URL of a JSON document that
 * names the client's public keys. For an issuer the allow-list accepts, in this order:
 * <ol>
 * <li>the token in its canonical spelling, with an asymmetric algorithm ({@link IssuerJwtProcessor});</li>
 * <li>{@code iss} a valid client ID URL ({@code INVALID_CLIENT_ID}), then the claims that need nothing fetched, so
 * that an expired or misaddressed token costs no fetch: {@code sub} present and equal to the client ID, {@code exp}
 * present and not past, {@code nbf} and {@code iat} not in the future (all with the clock skew), a lifetime
 * ({@code exp - iat}) of at most {@code maxTokenLifetime}, {@code aud} holding an accepted audience;</li>
 * <li>the document and its keys, fetched safely ({@link ClientMetadataFetcher}) and cached; a {@code kid} the keys
 * lack makes them be fetched again, at most once per minimum refetch interval;</li>
 * <li>the signature with the key the {@code kid} names, then the application's validators.</li>
 * </ol>
 * The request principal is the client ID ({@link RequestPrincipal.Kind#CLIENT_ID}). Refusals are 401s with a reason:
 * the claim checks' ({@code EXPIRED}, {@code AUDIENCE_MISMATCH}, {@code SUBJECT_MISMATCH},
 * {@code LIFETIME_TOO_LONG}, ...), {@code ISSUER_NOT_ALLOWED}, {@code CLIENT_ID_MISMATCH}, {@code METADATA_INVALID},
 * {@code METADATA_BAD_RESPONSE}, {@code METADATA_ADDRESS_NOT_ALLOWED}, {@code UNKNOWN_KEY_ID}, {@code BAD_SIGNATURE};
 * an issuer that cannot be reached with nothing cached is a 503 ({@code METADATA_UNAVAILABLE}).
 */
public final class ClientMetadataTokenVerifier implements DiscoveredIssuerVerifier {

    private final AllowedIssuers allowed;

    private final List<String> audiences;

    private final Duration clockSkew;

    private final Clock clock;

    private final boolean allowLoopbackHttp;

    private final ClientKeysSource keys;

    private final IssuerJwtProcessor processor;

    private final OAuth2TokenValidator<Jwt> clientClaims;

    private final OAuth2TokenValidator<Jwt> validator;

    private ClientMetadataTokenVerifier(Builder builder) {
        this.allowed = builder.allowed;
        this.audiences = builder.audiences;
        this.clockSkew = builder.clockSkew;
        this.clock = builder.clock;
        this.allowLoopbackHttp = builder.fetcher.allowsLoopback();
        this.keys = new ClientKeysSource(builder.fetcher, new ClientKeysSource.Settings(builder.maxDocumentBytes,
                builder.maxJwkSetBytes, builder.cacheSize, builder.minCacheLifetime, builder.maxCacheLifetime,
                builder.minRefetchInterval, builder.spiffeIdDocuments), builder.clock);
        this.processor = new IssuerJwtProcessor(new DocumentKeys());
        this.clientClaims = new ClientTokenClaimsValidator(builder.maxTokenLifetime, builder.clockSkew, builder.clock);
        this.validator = builder.validator;
    }

    /**
     * A builder.
     *
     * @param allowed the issuers accepted
     * @param audiences the audiences accepted in tokens (at least one)
     * @param fetcher what fetches documents and keys
     */
    public static Builder builder(AllowedIssuers allowed, List<String> audiences, ClientMetadataFetcher fetcher) {
        return new Builder(allowed, audiences, fetcher);
    }

    @Override
    public boolean accepts(String issuer) {
        return this.allowed.matches(issuer);
    }

    /**
     * The metadata document of a client the allow-list accepts, as the tokens of the client are verified with: held
     * and fresh, else fetched (with the same cache, so the document and the keys tokens are checked with agree).
     *
     * @throws IllegalArgumentException if the allow-list does not accept the client ID ({@link #accepts})
     * @throws ClientMetadataException if the client ID is no valid client ID URL ({@code INVALID_CLIENT_ID}), or the
     * document cannot be had (unreachable with nothing held, or refused)
     */
    public ClientMetadataDocument document(String clientId) throws ClientMetadataException {
        if (!this.allowed.matches(clientId)) {
            throw new IllegalArgumentException("client ID " + LogSafe.quote(clientId) + " is not allowed");
        }
        URI url;
        try {
            url = ClientIdUrl.parse(clientId, this.allowLoopbackHttp);
        }
        catch (IllegalArgumentException ex) {
            throw new ClientMetadataException(ClientMetadataException.Kind.INVALID_CLIENT_ID, ex.getMessage());
        }
        return this.keys.document(url);
    }

    @Override
    public VerifiedToken verify(String token) {
        SignedJWT jwt = IssuerJwtProcessor.parse(token, problem -> "token of a client ID metadata issuer: " + problem);
        Jwt claims = IssuerJwtProcessor.unverified(token, jwt, problem -> "token of a client ID metadata issuer: " + problem);
        String issuer = claims.getClaimAsString("iss");
        if (!this.allowed.matches(issuer)) {
            throw BearerTokenRejectedException.invalid("ISSUER_NOT_ALLOWED", "token issuer " + LogSafe.quote(issuer)
                    + " is not an allowed client ID metadata issuer");
        }
        Describer describe = new Describer(issuer);
        URI clientId;
        try {
            clientId = ClientIdUrl.parse(issuer, this.allowLoopbackHttp);
        }
        catch (IllegalArgumentException ex) {
            throw BearerTokenRejectedException.invalid("INVALID_CLIENT_ID", describe.apply(ex.getMessage()));
        }
        if (!jwt.getPayload().toJSONObject().containsKey("iat")) {
            throw BearerTokenRejectedException.invalid("MISSING_ISSUED_AT", describe.apply("token has no \"iat\""));
        }
        IssuerJwtProcessor.validate(new DelegatingOAuth2TokenValidator<>(new IssuerClaimsValidator(issuer, this.audiences,
                this.clockSkew, this.clock), this.clientClaims), claims, describe);
        ClientKeys clientKeys;
        try {
            clientKeys = this.keys.keysFor(clientId);
        }
        catch (ClientMetadataException ex) {
            throw rejected(ex, describe);
        }
        KeysContext context = new KeysContext(clientKeys, describe);
        Jwt verified = this.processor.process(token, jwt, context, describe);
        if (this.validator != null) {
            IssuerJwtProcessor.validate(this.validator, verified, describe);
        }
        RequestPrincipal principal = RequestPrincipal.clientId(issuer, verified.getAudience(), verified.getExpiresAt(),
                verified.getClaims());
        return new VerifiedToken(principal, verified.getExpiresAt().plus(this.clockSkew),
                TokenKeys.of(context.keys.keys(), () -> this.keys.currentKeys(clientId)));
    }

    private static BearerTokenRejectedException rejected(ClientMetadataException ex, Describer describe) {
        if (ex.kind() == ClientMetadataException.Kind.UNREACHABLE) {
            return BearerTokenRejectedException.unavailable(ex.kind().reason(),
                    describe.apply("the client ID metadata could not be fetched now"), ex.getMessage());
        }
        return BearerTokenRejectedException.invalid(ex.kind().reason(), describe.apply(ex.getMessage()));
    }

    @Override
    public String toString() {
        return "client ID metadata issuers " + this.allowed;
    }

    /** Names the issuer in what a client is told. */
    private record Describer(String issuer) implements java.util.function.UnaryOperator<String> {

        @Override
        public String apply(String problem) {
            return "token of issuer " + LogSafe.quote(this.issuer) + ": " + problem;
        }
    }

    /** The client's keys for one token, replaced when a refetch brings new ones. */
    private static final class KeysContext implements SecurityContext {

        private ClientKeys keys;

        private final Describer describe;

        KeysContext(ClientKeys keys, Describer describe) {
            this.keys = keys;
            this.describe = describe;
        }
    }

    /** The keys of the token's client; a {@code kid} they lack makes them be fetched again (rate-limited). */
    private final class DocumentKeys implements JWKSource<SecurityContext> {

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext securityContext) {
            KeysContext context = (KeysContext) securityContext;
            List<JWK> selected = selector.select(context.keys.keys());
            if (selected.isEmpty() && selector.getMatcher().getKeyIDs() != null && !selector.getMatcher().getKeyIDs().isEmpty()) {
                ClientKeys refetched;
                try {
                    refetched = ClientMetadataTokenVerifier.this.keys.refetch(context.keys);
                }
                catch (ClientMetadataException ex) {
                    throw rejected(ex, context.describe);
                }
                if (refetched.keys() != context.keys.keys()) {
                    context.keys = refetched;
                    selected = selector.select(refetched.keys());
                }
            }
            return selected;
        }
    }

    /** Builds a {@link ClientMetadataTokenVerifier}. */
    public static final class Builder {

        private final AllowedIssuers allowed;

        private final List<String> audiences;

        private final ClientMetadataFetcher fetcher;

        private Duration clockSkew = Duration.ofSeconds(60);

        private Clock clock = Clock.systemUTC();

        private Duration maxTokenLifetime = Duration.ofMinutes(5);

        private int maxDocumentBytes = 16 * 1024;

        private int maxJwkSetBytes = 64 * 1024;

        private int cacheSize = 1000;

        private Duration minCacheLifetime = Duration.ofMinutes(1);

        private Duration maxCacheLifetime = Duration.ofHours(24);

        private Duration minRefetchInterval = Duration.ofSeconds(30);

        private OAuth2TokenValidator<Jwt> validator;

        private boolean spiffeIdDocuments;

        private Builder(AllowedIssuers allowed, List<String> audiences, ClientMetadataFetcher fetcher) {
            this.allowed = Objects.requireNonNull(allowed, "allowed issuers");
            this.audiences = List.copyOf(audiences);
            this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
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

        /** The longest lifetime accepted, {@code exp - iat} (default 5 minutes). */
        public Builder maxTokenLifetime(Duration maxTokenLifetime) {
            this.maxTokenLifetime = Objects.requireNonNull(maxTokenLifetime, "max token lifetime");
            return this;
        }

        /** The largest document (default 16 KiB) and JWK Set (default 64 KiB) read, in bytes. */
        public Builder maxSizes(int maxDocumentBytes, int maxJwkSetBytes) {
            this.maxDocumentBytes = maxDocumentBytes;
            this.maxJwkSetBytes = maxJwkSetBytes;
            return this;
        }

        /** The most documents held, and the most JWK Sets (default 1000 each). */
        public Builder cacheSize(int cacheSize) {
            this.cacheSize = cacheSize;
            return this;
        }

        /**
         * How long fetched documents and keys are reused: as their {@code Cache-Control} says, within these bounds
         * (default 1 minute to 24 hours; 5 minutes when it says nothing, the lower bound for {@code no-store}).
         */
        public Builder cacheLifetime(Duration min, Duration max) {
            this.minCacheLifetime = Objects.requireNonNull(min, "min cache lifetime");
            this.maxCacheLifetime = Objects.requireNonNull(max, "max cache lifetime");
            return this;
        }

        /** How often at most a client's keys are fetched again for a {@code kid} they lack (default 30 s). */
        public Builder minRefetchInterval(Duration minRefetchInterval) {
            this.minRefetchInterval = Objects.requireNonNull(minRefetchInterval, "min refetch interval");
            return this;
        }

        /**
         * Whether documents may bind their client to SPIFFE IDs ({@code spiffe_id}, draft-ietf-oauth-spiffe-client-auth
         * section 5.1) instead of carrying keys, for an authorization server that also authenticates clients by
         * JWT-SVID (default no: every document must declare {@code private_key_jwt} and carry keys). Tokens of a client
         * whose document has no keys are refused ({@code METADATA_INVALID}).
         */
        public Builder spiffeIdDocuments(boolean spiffeIdDocuments) {
            this.spiffeIdDocuments = spiffeIdDocuments;
            return this;
        }

        /** A check run on every token that passed the built-in ones; its errors' codes become the reasons reported. */
        public Builder validator(OAuth2TokenValidator<Jwt> validator) {
            this.validator = validator;
            return this;
        }

        /**
         * The verifier. Nothing is fetched yet: a client's document is fetched when its first token arrives.
         *
         * @throws IllegalArgumentException naming the setting that is wrong
         */
        public ClientMetadataTokenVerifier build() {
            if (this.audiences.isEmpty() || this.audiences.stream().anyMatch(a -> a == null || a.isBlank())) {
                throw new IllegalArgumentException("audiences must list at least one audience, without empty ones");
            }
            if (this.maxDocumentBytes <= 0 || this.maxJwkSetBytes <= 0) {
                throw new IllegalArgumentException("max sizes must be positive");
            }
            if (this.cacheSize <= 0) {
                throw new IllegalArgumentException("cache size must be positive, got " + this.cacheSize);
            }
            if (this.minCacheLifetime.isNegative() || this.minCacheLifetime.compareTo(this.maxCacheLifetime) > 0) {
                throw new IllegalArgumentException("cache lifetime bounds must satisfy 0 <= min <= max, got "
                        + this.minCacheLifetime + " and " + this.maxCacheLifetime);
            }
            if (this.maxTokenLifetime.isNegative() || this.maxTokenLifetime.isZero()) {
                throw new IllegalArgumentException("max token lifetime must be positive, got " + this.maxTokenLifetime);
            }
            return new ClientMetadataTokenVerifier(this);
        }
    }
}
