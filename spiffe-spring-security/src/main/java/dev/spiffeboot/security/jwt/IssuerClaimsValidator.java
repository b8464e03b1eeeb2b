package dev.spiffeboot.security.jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;
import dev.spiffeboot.text.LogSafe;

/**
 * Checks the claims of an issuer's token (a configured issuer's, a client ID metadata document's) once its signature
 * verified: {@code iss} is the issuer,
 * {@code sub} is present, {@code exp} is present and not past, {@code nbf} not future (both with the clock skew),
 * and {@code aud} holds an accepted audience. Each failure's error code is the reason reported in metrics.
 */
public final class IssuerClaimsValidator implements OAuth2TokenValidator<Jwt> {

    private final String issuer;

    private final List<String> audiences;

    private final Duration clockSkew;

    private final Clock clock;

    /**
     * A validator of the tokens of one issuer.
     *
     * @param issuer the {@code iss} required
     * @param audiences the audiences of which {@code aud} must hold one
     * @param clockSkew the clock difference tolerated on {@code exp} and {@code nbf}
     * @param clock the clock
     */
    public IssuerClaimsValidator(String issuer, List<String> audiences, Duration clockSkew, Clock clock) {
        this.issuer = issuer;
        this.audiences = List.copyOf(audiences);
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        OAuth2Error problem = checkIssuerAndSubject(jwt);
        if (problem == null) {
            problem = checkTimes(jwt);
        }
        if (problem == null) {
            problem = checkAudience(jwt.getAudience());
        }
        return (problem == null) ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(problem);
    }

    private OAuth2Error checkIssuerAndSubject(Jwt jwt) {
        if (!this.issuer.equals(jwt.getClaimAsString("iss"))) {
            return error("UNKNOWN_ISSUER", "token issuer is not " + LogSafe.quote(this.issuer));
        }
        if (jwt.getSubject() == null || jwt.getSubject().isEmpty()) {
            return error("MISSING_SUBJECT", "token has no \"sub\"");
        }
        return null;
    }

    private OAuth2Error checkTimes(Jwt jwt) {
        Instant now = this.clock.instant();
        Instant expiry = jwt.getExpiresAt();
        if (expiry == null) {
            return error("MISSING_EXPIRY", "token has no \"exp\"");
        }
        if (now.minus(this.clockSkew).isAfter(expiry)) {
            return error("EXPIRED", "token expired at " + expiry);
        }
        Instant notBefore = jwt.getNotBefore();
        if (notBefore != null && notBefore.isAfter(now.plus(this.clockSkew))) {
            return error("NOT_YET_VALID", "token is not valid before " + notBefore);
        }
        return null;
    }

    private OAuth2Error checkAudience(List<String> audience) {
        try {
            JwtSvidValidator.acceptedAudience((audience != null) ? audience : List.of(), this.audiences);
            return null;
        }
        catch (InvalidJwtSvidException ex) {
            return error(ex.reason().name(), ex.getMessage());
        }
    }

    /** An error whose code is the reason reported in metrics. */
    private static OAuth2Error error(String reason, String description) {
        return new OAuth2Error(reason, description, null);
    }
}
