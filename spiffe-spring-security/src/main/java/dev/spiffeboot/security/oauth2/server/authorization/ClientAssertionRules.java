package dev.spiffeboot.security.oauth2.server.authorization;

import java.time.Duration;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.spiffeboot.text.LogSafe;

/**
 * What a client assertion ({@code private_key_jwt}) needs beyond a client's token, checked once its signature
 * verified: its {@code aud} is this authorization server's issuer identifier and nothing else
 * (draft-ietf-oauth-rfc7523bis: not the token endpoint URL either, which RFC 7523 allowed); it has a {@code jti}
 * (OpenID Connect Core, section 9, requires one of {@code private_key_jwt} assertions); and its client has not used
 * that {@code jti} before ({@link UsedAssertionIds}), so that an assertion seen once cannot be replayed while it is
 * valid. Each failure's error code is the reason reported.
 */
final class ClientAssertionRules implements OAuth2TokenValidator<Jwt> {

    /** The reason of an assertion refused because too many are remembered: the client may retry later. */
    static final String TOO_MANY_ASSERTIONS = "TOO_MANY_ASSERTIONS";

    private final String issuer;

    private final UsedAssertionIds used;

    private final Duration clockSkew;

    ClientAssertionRules(String issuer, UsedAssertionIds used, Duration clockSkew) {
        this.issuer = issuer;
        this.used = used;
        this.clockSkew = clockSkew;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        List<String> audience = jwt.getAudience();
        if (audience == null || !audience.equals(List.of(this.issuer))) {
            return failure("AUDIENCE_NOT_ISSUER_ALONE", "token must name this authorization server's issuer "
                    + LogSafe.quote(this.issuer) + " as its only audience (aud=" + LogSafe.list((audience != null) ? audience : List.of()) + ")");
        }
        String jwtId = jwt.getId();
        if (jwtId == null || jwtId.isBlank()) {
            return failure("MISSING_JWT_ID", "token has no \"jti\"");
        }
        return switch (this.used.use(jwt.getClaimAsString("iss"), jwtId, jwt.getExpiresAt().plus(this.clockSkew))) {
            case FIRST -> OAuth2TokenValidatorResult.success();
            case REPLAYED -> failure("REPLAYED", "token was used before (jti " + LogSafe.quote(jwtId) + ")");
            case FULL -> failure(TOO_MANY_ASSERTIONS, "too many assertions are in use to check this one for replay now");
        };
    }

    private static OAuth2TokenValidatorResult failure(String reason, String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(reason, description, null));
    }
}
