package dev.spiffeboot.security.authentication;

import java.text.ParseException;
import java.util.Objects;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;

import dev.spiffeboot.svid.jwt.CompactJws;
import dev.spiffeboot.text.LogSafe;

/**
 * Turns a bearer token into a request principal: from the validated-token cache when the token validated before,
 * else by the verifier of its issuer ({@code iss} naming a configured issuer, or one a discovered-issuer verifier
 * accepts) or, for every other token, the JWT-SVID verifier, which picks the JWT bundle by the trust domain of
 * {@code sub}. When other issuers are configured, a token whose {@code iss} is an http(s) URL that no verifier takes
 * and whose {@code sub} is not a SPIFFE ID (so it cannot be a JWT-SVID) is refused as {@code ISSUER_NOT_ALLOWED},
 * which says more than the JWT-SVID verifier's refusal would. Before all that, a token that is
 * not a JWS in its one canonical spelling ({@link CompactJws}) is refused, so that no respelling of a valid token
 * is accepted, served from the cache or cached.
 */
public final class BearerTokenAuthenticator {

    private final ValidatedTokenCache cache;

    private final JwtSvidVerifier jwtSvids;

    private final IssuerTokenVerifiers issuers;

    /**
     * An authenticator.
     *
     * @param cache the tokens validated before
     * @param jwtSvids the verifier of JWT-SVIDs (every token whose issuer is not one of {@code issuers})
     * @param issuers the verifiers of other issuers' tokens
     */
    public BearerTokenAuthenticator(ValidatedTokenCache cache, JwtSvidVerifier jwtSvids, IssuerTokenVerifiers issuers) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.jwtSvids = Objects.requireNonNull(jwtSvids, "JWT-SVID verifier");
        this.issuers = Objects.requireNonNull(issuers, "issuer verifiers");
    }

    /**
     * The principal of a valid token.
     *
     * @throws BearerTokenRejectedException if the token is refused or cannot be checked now
     */
    public RequestPrincipal authenticate(String token) {
        requireCanonical(token);
        VerifiedToken cached = this.cache.get(token);
        if (cached != null) {
            return cached.principal();
        }
        VerifiedToken verified = verifierFor(token).verify(token);
        this.cache.put(token, verified);
        return verified.principal();
    }

    /**
     * The principal of a token that validated before and is still servable from the cache, without validating it:
     * lets a caller on an event loop answer cached tokens at once and validate the others where blocking is allowed
     * ({@link #authenticate}).
     *
     * @return the principal, or {@code null} when the token must be validated
     * @throws BearerTokenRejectedException if the token is not a JWS in its canonical spelling
     */
    public RequestPrincipal authenticateCached(String token) {
        requireCanonical(token);
        VerifiedToken cached = this.cache.get(token);
        return (cached != null) ? cached.principal() : null;
    }

    private static void requireCanonical(String token) {
        try {
            CompactJws.parse(token);
        }
        catch (IllegalArgumentException ex) {
            throw BearerTokenRejectedException.invalid("MALFORMED", ex.getMessage());
        }
    }

    private TokenVerifier verifierFor(String token) {
        if (this.issuers.isEmpty()) {
            return this.jwtSvids;
        }
        JWTClaimsSet claims;
        try {
            claims = JWTParser.parse(token).getJWTClaimsSet();
        }
        catch (ParseException ex) {
            throw BearerTokenRejectedException.invalid("MALFORMED", "token is not a JWT");
        }
        if (claims == null) {
            throw BearerTokenRejectedException.invalid("MALFORMED", "token is an encrypted JWT; a signed JWT is expected");
        }
        String issuer = claims.getIssuer();
        TokenVerifier verifier = (issuer != null) ? this.issuers.forIssuer(issuer) : null;
        if (verifier != null) {
            return verifier;
        }
        if (isWebUrl(issuer) && !isSpiffeId(claims.getSubject())) {
            throw BearerTokenRejectedException.invalid("ISSUER_NOT_ALLOWED", "token issuer " + LogSafe.quote(issuer)
                    + " is not an accepted issuer");
        }
        return this.jwtSvids;
    }

    private static boolean isWebUrl(String issuer) {
        return issuer != null && (issuer.regionMatches(true, 0, "https://", 0, 8) || issuer.regionMatches(true, 0, "http://", 0, 7));
    }

    private static boolean isSpiffeId(String subject) {
        return subject != null && subject.startsWith("spiffe://");
    }
}
