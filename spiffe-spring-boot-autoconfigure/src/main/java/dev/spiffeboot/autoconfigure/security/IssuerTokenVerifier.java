package dev.spiffeboot.autoconfigure.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.spiffeboot.security.RequestPrincipal;
import dev.spiffeboot.text.LogSafe;

/**
 * Validates the tokens of one configured issuer (an end-user identity provider, typically) with Spring Security's
 * {@link NimbusJwtDecoder}: asymmetric signatures only (RSA, RSA-PSS, EC, EdDSA) with the issuer's published keys,
 * then the claims ({@link IssuerClaimsValidator}). The request principal is {@code iss/sub}, as Istio names it.
 */
final class IssuerTokenVerifier implements TokenVerifier {

    private static final String SPRING_PREFIX = "An error occurred while attempting to decode the Jwt: ";

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private final String issuer;

    private final RemoteJwkSet keys;

    private final NimbusJwtDecoder decoder;

    private final Duration clockSkew;

    IssuerTokenVerifier(String issuer, List<String> audiences, RemoteJwkSet keys, Duration clockSkew, Clock clock) {
        this.issuer = issuer;
        this.keys = keys;
        this.clockSkew = clockSkew;
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // access tokens are typed "at+jwt" (RFC 9068); claims are checked by the validator below
        processor.setJWSTypeVerifier((header, context) -> { });
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        this.decoder = new NimbusJwtDecoder(processor);
        this.decoder.setJwtValidator(new IssuerClaimsValidator(issuer, audiences, clockSkew, clock));
    }

    @Override
    public ValidatedTokenCache.Validated verify(String token) {
        Object keysBefore = this.keys.current();
        Jwt jwt;
        try {
            jwt = this.decoder.decode(token);
        }
        catch (JwtValidationException ex) {
            OAuth2Error error = ex.getErrors().iterator().next();
            throw BearerTokenRejectedException.invalid(error.getErrorCode(), describe(error.getDescription()));
        }
        catch (BadJwtException ex) {
            throw BearerTokenRejectedException.invalid(reasonOf(ex.getMessage()), describe(withoutPrefix(ex.getMessage())));
        }
        catch (JwtException ex) {
            throw BearerTokenRejectedException.unavailable(describe("the issuer's keys could not be fetched now"),
                    withoutPrefix(ex.getMessage()));
        }
        RequestPrincipal principal = RequestPrincipal.jwt(this.issuer, jwt.getSubject(), jwt.getAudience(), jwt.getExpiresAt(),
                jwt.getClaims());
        // the keys before decoding, so a refresh during it makes the entry revalidate; on first use there were none
        Object keysUsed = (keysBefore != null) ? keysBefore : this.keys.current();
        return new ValidatedTokenCache.Validated(principal, jwt.getExpiresAt().plus(this.clockSkew), keysUsed, this.keys::current);
    }

    private String describe(String problem) {
        return "token of issuer " + LogSafe.quote(this.issuer) + ": " + problem;
    }

    private static String withoutPrefix(String message) {
        return message.startsWith(SPRING_PREFIX) ? message.substring(SPRING_PREFIX.length()) : message;
    }

    private static String reasonOf(String message) {
        if (message.contains("Malformed")) {
            return "MALFORMED";
        }
        if (message.contains("Unsupported algorithm") || message.contains("Another algorithm expected")) {
            return "UNSUPPORTED_ALGORITHM";
        }
        return "BAD_SIGNATURE";
    }
}
