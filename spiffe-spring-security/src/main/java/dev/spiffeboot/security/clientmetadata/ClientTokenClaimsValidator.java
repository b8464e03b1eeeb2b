package dev.spiffeboot.security.clientmetadata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.spiffeboot.text.LogSafe;

/**
 * The claims a client ID metadata issuer's token needs beyond any issuer's: {@code sub} is the client ID, as RFC 7523
 * (section 3) requires of a client's own assertion, so that the same JWT also serves as a {@code private_key_jwt}
 * client assertion; {@code iat} is not in the future (with the clock skew); and the token lives at most
 * {@code maxLifetime} ({@code exp - iat}), so that a leaked token is short-lived whatever its issuer chose. Each
 * failure's error code is the reason reported. That {@code iat} is present at all is checked on the token as sent:
 * Spring's claim conversion makes one up ({@code exp} minus a second) for a token without.
 */
final class ClientTokenClaimsValidator implements OAuth2TokenValidator<Jwt> {

    private final Duration maxLifetime;

    private final Duration clockSkew;

    private final Clock clock;

    ClientTokenClaimsValidator(Duration maxLifetime, Duration clockSkew, Clock clock) {
        this.maxLifetime = maxLifetime;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        String issuer = jwt.getClaimAsString("iss");
        if (issuer == null || !issuer.equals(jwt.getClaimAsString("sub"))) {
            return failure("SUBJECT_MISMATCH", "token subject " + LogSafe.quote(jwt.getClaimAsString("sub"))
                    + " is not the client ID " + LogSafe.quote(issuer));
        }
        Instant issuedAt = jwt.getIssuedAt();
        if (issuedAt == null) {
            return failure("MISSING_ISSUED_AT", "token has no \"iat\"");
        }
        if (issuedAt.isAfter(this.clock.instant().plus(this.clockSkew))) {
            return failure("ISSUED_IN_FUTURE", "token is issued in the future, at " + issuedAt);
        }
        Instant expiry = jwt.getExpiresAt();
        if (expiry != null && Duration.between(issuedAt, expiry).compareTo(this.maxLifetime) > 0) {
            return failure("LIFETIME_TOO_LONG", "token lives " + Duration.between(issuedAt, expiry).toSeconds()
                    + " s, more than the " + this.maxLifetime.toSeconds() + " s accepted");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult failure(String reason, String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(reason, description, null));
    }
}
