package dev.spiffeboot.svid.jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;

import dev.spiffeboot.bundle.JwtAuthority;
import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.bundle.JwtBundleSource;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException.Reason;
import dev.spiffeboot.text.LogSafe;

/**
 * Validates JWT-SVIDs received from peers (JWT-SVID standard, sections 2 to 4 and appendix A).
 * <ol>
 * <li>The token is at most {@link Builder#maxTokenLength(int) maxTokenLength} characters (checked before
 * parsing; default {@value #DEFAULT_MAX_TOKEN_LENGTH}) and a JWS in compact serialization.</li>
 * <li>{@code alg} is RS, ES or PS 256/384/512 ({@code none}, HS* and EdDSA are refused); {@code typ} is absent,
 * {@code JWT} or {@code JOSE}; there are no critical headers; {@code kid} is set.</li>
 * <li>{@code sub} is a SPIFFE ID, and the signature verifies with the key named by {@code kid} in the JWT bundle of
 * <em>that ID's trust domain</em>.</li>
 * <li>{@code exp} is set and not past; {@code nbf} and {@code iat}, when set, are not in the future; all three with
 * the allowed {@link Builder#clockSkew(Duration) clock skew} (default 60 seconds, as go-spiffe allows).</li>
 * <li>{@code aud} holds at least one of the expected audiences.</li>
 * </ol>
 * Instances are immutable and thread-safe.
 */
public final class JwtSvidValidator {

    /** The default clock skew allowed on {@code exp}, {@code nbf} and {@code iat}: 60 seconds. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    /** The default longest token accepted, in characters. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 8192;

    private final JwtBundleSource bundles;

    private final Clock clock;

    private final Duration clockSkew;

    private final int maxTokenLength;

    private JwtSvidValidator(Builder builder) {
        this.bundles = builder.bundles;
        this.clock = builder.clock;
        this.clockSkew = builder.clockSkew;
        this.maxTokenLength = builder.maxTokenLength;
    }

    /** A validator with the default clock, skew and size limit. */
    public static JwtSvidValidator of(JwtBundleSource bundles) {
        return builder(bundles).build();
    }

    /** A builder for a validator that trusts the JWT bundles of the source. */
    public static Builder builder(JwtBundleSource bundles) {
        return new Builder(bundles);
    }

    /**
     * Validates a token for one of the expected audiences.
     *
     * @param expectedAudiences the audiences this service identifies with (at least one); the token is accepted
     * when its {@code aud} holds any of them
     * @throws InvalidJwtSvidException naming the reason and the values involved
     * @throws IllegalArgumentException if no expected audience is given
     */
    public JwtSvid validate(String token, Collection<String> expectedAudiences) throws InvalidJwtSvidException {
        if (expectedAudiences == null || expectedAudiences.isEmpty()) {
            throw new IllegalArgumentException("at least one expected audience must be given");
        }
        JwtSvidToken parsed = JwtSvidToken.parse(token, this.maxTokenLength);
        verifySignature(parsed);
        checkTimes(parsed);
        acceptedAudience(parsed.audience(), expectedAudiences);
        return parsed.toSvid("");
    }

    /** Validates a token for the one expected audience; see {@link #validate(String, Collection)}. */
    public JwtSvid validate(String token, String expectedAudience) throws InvalidJwtSvidException {
        return validate(token, Set.of(expectedAudience));
    }

    private void verifySignature(JwtSvidToken parsed) throws InvalidJwtSvidException {
        String keyId = parsed.header.getKeyID();
        if (keyId == null || keyId.isEmpty()) {
            throw new InvalidJwtSvidException(Reason.MISSING_KEY_ID, "token header has no \"kid\"");
        }
        String trustDomain = parsed.subject.trustDomain().name();
        JwtBundle bundle = this.bundles.findJwtBundle(parsed.subject.trustDomain())
            .orElseThrow(() -> new InvalidJwtSvidException(Reason.UNTRUSTED_TRUST_DOMAIN,
                    "no JWT bundle for trust domain " + LogSafe.quote(trustDomain)));
        JwtAuthority authority = bundle.findAuthority(keyId)
            .orElseThrow(() -> new InvalidJwtSvidException(Reason.UNKNOWN_KEY_ID, "no JWT authority "
                    + LogSafe.quote(keyId) + " found for trust domain " + LogSafe.quote(trustDomain)));
        boolean verified;
        try {
            verified = authority.verifier().verify(parsed.header, parsed.signingInput(), parsed.signature());
        }
        catch (JOSEException ex) {
            throw new InvalidJwtSvidException(Reason.BAD_SIGNATURE, "token algorithm "
                    + parsed.header.getAlgorithm() + " cannot be verified with the " + authority.publicKey().getAlgorithm()
                    + " key of JWT authority " + LogSafe.quote(keyId) + " of trust domain " + LogSafe.quote(trustDomain));
        }
        if (!verified) {
            throw new InvalidJwtSvidException(Reason.BAD_SIGNATURE, "token signature does not verify with JWT authority "
                    + LogSafe.quote(keyId) + " of trust domain " + LogSafe.quote(trustDomain));
        }
    }

    private void checkTimes(JwtSvidToken parsed) throws InvalidJwtSvidException {
        Instant now = this.clock.instant();
        Instant expiry = parsed.expiry();
        if (now.minus(this.clockSkew).isAfter(expiry)) {
            throw new InvalidJwtSvidException(Reason.EXPIRED, "token expired at " + expiry);
        }
        Instant latestStart = now.plus(this.clockSkew);
        Date notBefore = parsed.claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(latestStart)) {
            throw new InvalidJwtSvidException(Reason.NOT_YET_VALID, "token is not valid before " + notBefore.toInstant());
        }
        Date issuedAt = parsed.claims.getIssueTime();
        if (issuedAt != null && issuedAt.toInstant().isAfter(latestStart)) {
            throw new InvalidJwtSvidException(Reason.NOT_YET_VALID, "token is issued in the future, at " + issuedAt.toInstant());
        }
    }

    /**
     * The first of a token's audiences that is expected, for checks made outside this validator (e.g. before asking
     * the Workload API, or for other issuers' tokens) with the same rule and message.
     *
     * @throws InvalidJwtSvidException {@code AUDIENCE_MISMATCH}, naming the expected and the actual audiences
     */
    public static String acceptedAudience(List<String> audience, Collection<String> expected) throws InvalidJwtSvidException {
        for (String value : audience) {
            if (expected.contains(value)) {
                return value;
            }
        }
        throw new InvalidJwtSvidException(Reason.AUDIENCE_MISMATCH,
                "expected audience in " + LogSafe.list(expected) + " (audience=" + LogSafe.list(audience) + ")");
    }

    /** Builds a {@link JwtSvidValidator}. */
    public static final class Builder {

        private final JwtBundleSource bundles;

        private Clock clock = Clock.systemUTC();

        private Duration clockSkew = DEFAULT_CLOCK_SKEW;

        private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;

        private Builder(JwtBundleSource bundles) {
            this.bundles = Objects.requireNonNull(bundles, "JWT bundle source");
        }

        /** The clock that tells the current time (default: the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The clock difference tolerated on {@code exp}, {@code nbf} and {@code iat} (default 60 seconds). */
        public Builder clockSkew(Duration clockSkew) {
            Objects.requireNonNull(clockSkew, "clock skew");
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("clock skew cannot be negative: " + clockSkew);
            }
            this.clockSkew = clockSkew;
            return this;
        }

        /** The longest token accepted, in characters; longer ones are refused before parsing (default 8192). */
        public Builder maxTokenLength(int maxTokenLength) {
            if (maxTokenLength <= 0) {
                throw new IllegalArgumentException("max token length must be positive: " + maxTokenLength);
            }
            this.maxTokenLength = maxTokenLength;
            return this;
        }

        public JwtSvidValidator build() {
            return new JwtSvidValidator(this);
        }
    }
}
