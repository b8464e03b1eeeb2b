package dev.spiffeboot.security.jwt;

import java.text.ParseException;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.svid.jwt.CompactJws;
import dev.spiffeboot.text.LogSafe;

/**
 * The signature half of validating a JWT of an issuer that publishes its keys (a configured issuer, or a client ID
 * metadata document): the token in its one canonical spelling ({@link CompactJws}), asymmetric algorithms only
 * (RSA, RSA-PSS, EC, EdDSA), the signature with a key the key source selects, then the claims by a validator. Each
 * refusal is classified by what failed, never by reading an exception's message: {@code MALFORMED},
 * {@code UNSUPPORTED_ALGORITHM}, {@code UNKNOWN_KEY_ID}, {@code BAD_SIGNATURE}, or the validator's error code; a key
 * source that cannot fetch the keys makes it a 503. Descriptions go through the caller's {@code describe}, which
 * names the issuer.
 */
public final class IssuerJwtProcessor {

    /** The signature algorithms accepted: asymmetric ones only (no {@code none}, no HMAC). */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private static final MappedJwtClaimSetConverter CLAIMS = MappedJwtClaimSetConverter.withDefaults(Map.of());

    private final DefaultJWTProcessor<SecurityContext> processor;

    /**
     * A processor that verifies signatures with the keys of the source; the source gets the context passed to
     * {@link #process}.
     */
    public IssuerJwtProcessor(JWKSource<SecurityContext> keys) {
        this.processor = new DefaultJWTProcessor<>();
        this.processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // access tokens are typed "at+jwt" (RFC 9068); the claims are checked by Spring's validators
        this.processor.setJWSTypeVerifier((header, context) -> { });
        this.processor.setJWTClaimsSetVerifier((claims, context) -> { });
    }

    /**
     * A token parsed as a signed JWT, once it is in its canonical spelling and its algorithm is accepted.
     *
     * @param describe turns a problem into what the client is told
     * @throws BearerTokenRejectedException {@code MALFORMED} or {@code UNSUPPORTED_ALGORITHM}
     */
    public static SignedJWT parse(String token, UnaryOperator<String> describe) {
        try {
            // Nimbus decodes leniently: the canonical spelling is required first, so that it is the only one
            CompactJws.parse(token);
        }
        catch (IllegalArgumentException ex) {
            throw BearerTokenRejectedException.invalid("MALFORMED", describe.apply(ex.getMessage()));
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        }
        catch (ParseException ex) {
            throw BearerTokenRejectedException.invalid("MALFORMED", describe.apply("token is not a signed JWT"));
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(algorithm)) {
            throw BearerTokenRejectedException.invalid("UNSUPPORTED_ALGORITHM",
                    describe.apply("algorithm " + LogSafe.quote(algorithm.getName()) + " is not accepted"));
        }
        return jwt;
    }

    /**
     * Verifies the signature of a parsed token and returns it in Spring's form; the claims are not checked yet.
     *
     * @param token the token as sent
     * @param jwt the token as {@link #parse} returned it
     * @param context what the key source needs to pick the keys, or {@code null}
     * @param describe turns a problem into what the client is told
     * @throws BearerTokenRejectedException {@code UNKNOWN_KEY_ID} or {@code BAD_SIGNATURE}, or unavailable when the
     * key source cannot fetch the keys now
     */
    public Jwt process(String token, SignedJWT jwt, SecurityContext context, UnaryOperator<String> describe) {
        JWTClaimsSet claimSet;
        try {
            claimSet = this.processor.process(jwt, context);
        }
        catch (RemoteKeySourceException ex) {
            throw BearerTokenRejectedException.unavailable(describe.apply("the issuer's keys could not be fetched now"), ex.getMessage());
        }
        catch (BadJWSException ex) {
            throw BearerTokenRejectedException.invalid("BAD_SIGNATURE", describe.apply("signature does not verify with the issuer's keys"));
        }
        catch (BadJOSEException ex) {
            throw BearerTokenRejectedException.invalid("UNKNOWN_KEY_ID", describe.apply("no matching key among the issuer's keys (kid "
                    + LogSafe.quote(jwt.getHeader().getKeyID()) + ")"));
        }
        catch (JOSEException ex) {
            throw BearerTokenRejectedException.invalid("BAD_SIGNATURE", describe.apply("signature cannot be verified with the issuer's "
                    + jwt.getHeader().getAlgorithm() + " key"));
        }
        return toJwt(token, jwt, claimSet, describe);
    }

    /**
     * The token in Spring's form with its claims as sent, before its signature is verified: for checks of the claims
     * that may run before anything is fetched for the token (the signature covers the claims, so they will not
     * change).
     *
     * @throws BearerTokenRejectedException {@code MALFORMED} when the claims are not a JWT's
     */
    public static Jwt unverified(String token, SignedJWT jwt, UnaryOperator<String> describe) {
        try {
            return toJwt(token, jwt, jwt.getJWTClaimsSet(), describe);
        }
        catch (ParseException ex) {
            throw BearerTokenRejectedException.invalid("MALFORMED", describe.apply("token claims are not a JWT claims set"));
        }
    }

    private static Jwt toJwt(String token, SignedJWT jwt, JWTClaimsSet claimSet, UnaryOperator<String> describe) {
        try {
            return Jwt.withTokenValue(token).headers(values -> values.putAll(jwt.getHeader().toJSONObject()))
                .claims(values -> values.putAll(CLAIMS.convert(claimSet.getClaims())))
                .build();
        }
        catch (IllegalArgumentException ex) {
            // no claims at all, or a claim of the wrong type
            throw BearerTokenRejectedException.invalid("MALFORMED", describe.apply("token claims cannot be read"));
        }
    }

    /**
     * Checks the claims of a token whose signature verified.
     *
     * @param describe turns a problem into what the client is told
     * @throws BearerTokenRejectedException whose reason is the error code of the validator's first error
     */
    public static void validate(OAuth2TokenValidator<Jwt> validator, Jwt jwt, UnaryOperator<String> describe) {
        OAuth2TokenValidatorResult result = validator.validate(jwt);
        if (result.hasErrors()) {
            OAuth2Error error = result.getErrors().iterator().next();
            String description = (error.getDescription() != null) ? error.getDescription() : error.getErrorCode();
            throw BearerTokenRejectedException.invalid(error.getErrorCode(), describe.apply(description));
        }
    }
}
