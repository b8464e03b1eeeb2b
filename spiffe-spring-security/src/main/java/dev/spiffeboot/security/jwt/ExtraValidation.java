package dev.spiffeboot.security.jwt;

import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jose.JWSObject;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

import dev.spiffeboot.security.authentication.BearerTokenRejectedException;

/**
 * Runs validators of the application's (Spring Security's {@link OAuth2TokenValidator} of {@link Jwt}) on a token
 * that passed the built-in rules: a refusal becomes a 401 whose reason is the error code.
 */
final class ExtraValidation {

    private static final ExtraValidation NONE = new ExtraValidation(null);

    private static final MappedJwtClaimSetConverter CLAIMS = MappedJwtClaimSetConverter.withDefaults(Map.of());

    private final OAuth2TokenValidator<Jwt> validator;

    private ExtraValidation(OAuth2TokenValidator<Jwt> validator) {
        this.validator = validator;
    }

    static ExtraValidation of(OAuth2TokenValidator<Jwt> validator) {
        return (validator != null) ? new ExtraValidation(validator) : NONE;
    }

    /**
     * Checks a validated token.
     *
     * @param claims its claims, as the built-in validation read them
     * @throws BearerTokenRejectedException naming the first error
     */
    void check(String token, Map<String, Object> claims) {
        if (this.validator != null) {
            check(toJwt(token, claims));
        }
    }

    /** Checks a token already in Spring's form. */
    void check(Jwt jwt) {
        if (this.validator == null) {
            return;
        }
        OAuth2TokenValidatorResult result = this.validator.validate(jwt);
        if (result.hasErrors()) {
            OAuth2Error error = result.getErrors().iterator().next();
            throw BearerTokenRejectedException.invalid(error.getErrorCode(),
                    (error.getDescription() != null) ? error.getDescription() : error.getErrorCode());
        }
    }

    private static Jwt toJwt(String token, Map<String, Object> claims) {
        try {
            Map<String, Object> headers = JWSObject.parse(token).getHeader().toJSONObject();
            return Jwt.withTokenValue(token).headers(values -> values.putAll(headers))
                .claims(values -> values.putAll(CLAIMS.convert(claims)))
                .build();
        }
        catch (ParseException ex) {
            // the token validated, so it parses
            throw new IllegalStateException("a validated token does not parse", ex);
        }
    }
}
