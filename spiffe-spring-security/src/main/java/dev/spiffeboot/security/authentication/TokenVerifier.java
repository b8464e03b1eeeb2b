package dev.spiffeboot.security.authentication;

/**
 * Validates one kind of bearer token: JWT-SVIDs ({@link JwtSvidVerifier}), or the tokens of one issuer. Implement it
 * to validate tokens your own way; {@link BearerTokenAuthenticator} caches what it returns.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * Validates a token (one not found in the cache).
     *
     * @return who the token speaks for, and for how long and under which keys the result may be reused
     * @throws BearerTokenRejectedException with the reason the token is refused, or that it cannot be checked now
     */
    VerifiedToken verify(String token);
}
