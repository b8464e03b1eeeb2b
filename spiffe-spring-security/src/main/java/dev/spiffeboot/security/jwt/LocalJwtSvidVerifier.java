package dev.spiffeboot.security.jwt;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.security.authentication.JwtSvidVerifier;
import dev.spiffeboot.security.authentication.VerifiedToken;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;

/**
 * Validates JWT-SVIDs with the JWT bundles the Workload API streams: the bundle of the trust domain of {@code sub}
 * verifies the signature, then {@code exp}, {@code nbf}, {@code iat} (with the clock skew) and the audience are
 * checked (see {@link JwtSvidValidator}), then any extra validator. Each validation uses one snapshot of the
 * bundles; its result stands while the bundle of the token's trust domain stays the same.
 */
public final class LocalJwtSvidVerifier implements JwtSvidVerifier {

    private final Supplier<JwtBundleSet> bundles;

    private final Supplier<? extends Collection<String>> audiences;

    private final Duration clockSkew;

    private final int maxTokenLength;

    private final Clock clock;

    private final ExtraValidation extra;

    private LocalJwtSvidVerifier(Builder builder) {
        this.bundles = builder.bundles;
        this.audiences = builder.audiences;
        this.clockSkew = builder.clockSkew;
        this.maxTokenLength = builder.maxTokenLength;
        this.clock = builder.clock;
        this.extra = ExtraValidation.of(builder.validator);
    }

    /**
     * A builder.
     *
     * @param bundles the JWT bundles in force (read once per validation), e.g. {@code jwtSource::bundles}
     * @param audiences the audiences this service accepts (a token must carry one of them)
     */
    public static Builder builder(Supplier<JwtBundleSet> bundles, Supplier<? extends Collection<String>> audiences) {
        return new Builder(bundles, audiences);
    }

    @Override
    public VerifiedToken verify(String token) {
        JwtBundleSet snapshot = this.bundles.get();
        JwtSvidValidator validator = JwtSvidValidator.builder(snapshot)
            .clock(this.clock)
            .clockSkew(this.clockSkew)
            .maxTokenLength(this.maxTokenLength)
            .build();
        JwtSvid svid;
        try {
            svid = validator.validate(token, JwtSvidPrincipals.acceptedAudiences(this.audiences));
        }
        catch (InvalidJwtSvidException ex) {
            throw JwtSvidPrincipals.rejected(ex);
        }
        this.extra.check(token, svid.claims());
        return JwtSvidPrincipals.verified(svid, this.clockSkew, snapshot, this.bundles);
    }

    /** Builds a {@link LocalJwtSvidVerifier}. */
    public static final class Builder {

        private final Supplier<JwtBundleSet> bundles;

        private final Supplier<? extends Collection<String>> audiences;

        private Duration clockSkew = JwtSvidValidator.DEFAULT_CLOCK_SKEW;

        private int maxTokenLength = JwtSvidValidator.DEFAULT_MAX_TOKEN_LENGTH;

        private Clock clock = Clock.systemUTC();

        private OAuth2TokenValidator<Jwt> validator;

        private Builder(Supplier<JwtBundleSet> bundles, Supplier<? extends Collection<String>> audiences) {
            this.bundles = Objects.requireNonNull(bundles, "bundles");
            this.audiences = Objects.requireNonNull(audiences, "audiences");
        }

        /** The clock difference tolerated on {@code exp}, {@code nbf} and {@code iat} (default 60 s). */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = Objects.requireNonNull(clockSkew, "clock skew");
            return this;
        }

        /** The longest token accepted, in characters (default 8192). */
        public Builder maxTokenLength(int maxTokenLength) {
            this.maxTokenLength = maxTokenLength;
            return this;
        }

        /** The clock (default: the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A check run on every token that passed the JWT-SVID rules, e.g. one of your own on a claim; its errors'
         * codes become the reasons reported.
         */
        public Builder validator(OAuth2TokenValidator<Jwt> validator) {
            this.validator = validator;
            return this;
        }

        /** The verifier. */
        public LocalJwtSvidVerifier build() {
            return new LocalJwtSvidVerifier(this);
        }
    }
}
