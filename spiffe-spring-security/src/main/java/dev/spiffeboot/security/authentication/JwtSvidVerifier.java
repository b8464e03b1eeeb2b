package dev.spiffeboot.security.authentication;

/**
 * Validates JWT-SVIDs: the tokens whose {@code iss} names no configured issuer. A bean of this type replaces the
 * auto-configured validation (local, with the Workload API's JWT bundles, or by its {@code ValidateJWTSVID}).
 */
@FunctionalInterface
public interface JwtSvidVerifier extends TokenVerifier {
}
