package dev.spiffeboot.autoconfigure.security;

import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;

import dev.spiffeboot.security.RequestPrincipal;

/**
 * Turns a bearer token into a request principal: from the validated-token cache when the token validated before,
 * else by the verifier for its issuer ({@code iss} naming a configured issuer) or, for every other token, the
 * JWT-SVID verifier, which picks the JWT bundle by the trust domain of {@code sub}.
 */
final class BearerTokenAuthenticator {

    private final ValidatedTokenCache cache;

    private final TokenVerifier jwtSvids;

    private final Map<String, TokenVerifier> issuers;

    BearerTokenAuthenticator(ValidatedTokenCache cache, TokenVerifier jwtSvids, Map<String, TokenVerifier> issuers) {
        this.cache = cache;
        this.jwtSvids = jwtSvids;
        this.issuers = Map.copyOf(issuers);
    }

    /**
     * The principal of a valid token.
     *
     * @throws BearerTokenRejectedException if the token is refused or cannot be checked now
     */
    RequestPrincipal authenticate(String token) {
        RequestPrincipal cached = this.cache.get(token);
        if (cached != null) {
            return cached;
        }
        ValidatedTokenCache.Validated validated = verifierFor(token).verify(token);
        this.cache.put(token, validated);
        return validated.principal();
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
        TokenVerifier verifier = (issuer != null) ? this.issuers.get(issuer) : null;
        return (verifier != null) ? verifier : this.jwtSvids;
    }
}
