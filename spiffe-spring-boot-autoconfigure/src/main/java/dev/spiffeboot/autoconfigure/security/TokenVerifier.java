package dev.spiffeboot.autoconfigure.security;

/** Validates one kind of bearer token: JWT-SVIDs, or the tokens of one configured issuer. */
@FunctionalInterface
interface TokenVerifier {

    /**
     * Validates a token that is not in the cache.
     *
     * @throws BearerTokenRejectedException with the reason the token is refused, or that it cannot be checked now
     */
    ValidatedTokenCache.Validated verify(String token);
}
