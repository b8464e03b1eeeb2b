package dev.spiffeboot.security.jwt;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.TokenKeys;
import dev.spiffeboot.security.authentication.TokenVerifier;
import dev.spiffeboot.security.authentication.VerifiedToken;
import dev.spiffeboot.text.LogSafe;

/**
 * Validates the tokens of one issuer other than SPIFFE (an end-user identity provider, typically), as Istio's
 * RequestAuthentication does: the token in its one canonical spelling, asymmetric signatures only (RSA, RSA-PSS,
 * EC, EdDSA) with the keys the issuer publishes at its JWK Set URI ({@link IssuerJwtProcessor}), then the claims
 * ({@code iss}, {@code sub}, {@code exp}, {@code nbf}, {@code aud}) and any extra validator. The request principal
 * is {@code iss/sub}. Each refusal is classified by what failed, never by reading an exception's message:
 * {@code MALFORMED}, {@code UNSUPPORTED_ALGORITHM}, {@code UNKNOWN_KEY_ID}, {@code BAD_SIGNATURE}, or the claim
 * check's reason; keys that cannot be fetched make it a 503.
 */
public final class IssuerTokenVerifier implements TokenVerifier {

    private final String issuer;

    private final RemoteJwkSet keys;

    private final IssuerJwtProcessor processor;

    private final OAuth2TokenValidator<Jwt> claims;

    private final Duration clockSkew;

    private IssuerTokenVerifier(Builder builder, URI jwkSetUri) {
        this.issuer = builder.issuer;
        this.clockSkew = builder.clockSkew;
        this.keys = new RemoteJwkSet(jwkSetUri, builder.http, builder.clock, builder.refreshInterval,
                builder.minimumRefetchInterval);
        this.processor = new IssuerJwtProcessor(this.keys);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new IssuerClaimsValidator(builder.issuer, builder.audiences, builder.clockSkew, builder.clock));
        if (builder.validator != null) {
            validators.add(builder.validator);
        }
        this.claims = new DelegatingOAuth2TokenValidator<>(validators);
    }

    /** A builder for the verifier of the tokens whose {@code iss} is the issuer. */
    public static Builder builder(String issuer) {
        return new Builder(issuer);
    }

    /** The {@code iss} of the tokens this verifier validates. */
    public String issuer() {
        return this.issuer;
    }

    @Override
    public VerifiedToken verify(String token) {
        JWKSet keysBefore = this.keys.current();
        SignedJWT jwt = IssuerJwtProcessor.parse(token, this::describe);
        Jwt validated = this.processor.process(token, jwt, null, this::describe);
        IssuerJwtProcessor.validate(this.claims, validated, this::describe);
        RequestPrincipal principal = RequestPrincipal.jwt(this.issuer, validated.getSubject(), validated.getAudience(),
                validated.getExpiresAt(), validated.getClaims());
        // the keys before decoding, so a refresh during it makes the entry revalidate; on first use there were none
        JWKSet keysUsed = (keysBefore != null) ? keysBefore : this.keys.current();
        return new VerifiedToken(principal, validated.getExpiresAt().plus(this.clockSkew), TokenKeys.of(keysUsed, this.keys::current));
    }

    private String describe(String problem) {
        return "token of issuer " + LogSafe.quote(this.issuer) + ": " + problem;
    }

    /** Builds an {@link IssuerTokenVerifier}. */
    public static final class Builder {

        private final String issuer;

        private List<String> audiences = List.of();

        private String jwkSetUri;

        private HttpClient http;

        private Duration clockSkew = Duration.ofSeconds(60);

        private Clock clock = Clock.systemUTC();

        private Duration refreshInterval = Duration.ofMinutes(5);

        private Duration minimumRefetchInterval = Duration.ofSeconds(30);

        private OAuth2TokenValidator<Jwt> validator;

        private Builder(String issuer) {
            this.issuer = issuer;
        }

        /** The audiences accepted in the issuer's tokens (at least one). */
        public Builder audiences(List<String> audiences) {
            this.audiences = List.copyOf(audiences);
            return this;
        }

        /** Where the issuer publishes its keys: https, or http on a loopback host. */
        public Builder jwkSetUri(String jwkSetUri) {
            this.jwkSetUri = jwkSetUri;
            return this;
        }

        /** The client that fetches the keys (default: one that does not follow redirects, 5 s connect timeout). */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "HTTP client");
            return this;
        }

        /** The clock difference tolerated on {@code exp} and {@code nbf} (default 60 s). */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = Objects.requireNonNull(clockSkew, "clock skew");
            return this;
        }

        /** The clock (default: the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How often the keys are fetched again (default 5 min), and how often at most an unknown {@code kid} may
         * make them be fetched again (default 30 s).
         */
        public Builder refresh(Duration refreshInterval, Duration minimumRefetchInterval) {
            this.refreshInterval = Objects.requireNonNull(refreshInterval, "refresh interval");
            this.minimumRefetchInterval = Objects.requireNonNull(minimumRefetchInterval, "minimum refetch interval");
            return this;
        }

        /** A check run on every token that passed the built-in ones; its errors' codes become the reasons reported. */
        public Builder validator(OAuth2TokenValidator<Jwt> validator) {
            this.validator = validator;
            return this;
        }

        /**
         * The verifier. Nothing is fetched yet: the keys are fetched when the first token arrives.
         *
         * @throws IllegalArgumentException naming the setting that is wrong or missing
         */
        public IssuerTokenVerifier build() {
            URI uri = IssuerSettings.check(this.issuer, this.audiences, this.jwkSetUri);
            if (this.http == null) {
                this.http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            }
            return new IssuerTokenVerifier(this, uri);
        }
    }
}
