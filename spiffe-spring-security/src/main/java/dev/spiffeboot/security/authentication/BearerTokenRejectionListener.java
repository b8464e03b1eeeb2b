package dev.spiffeboot.security.authentication;

/**
 * Told about every refused bearer token, e.g. to count refusals; beans of this type are picked up by the SPIFFE
 * security configuration.
 */
@FunctionalInterface
public interface BearerTokenRejectionListener {

    /**
     * Called once per refused token.
     *
     * @param reason the reason code, e.g. {@code EXPIRED}, {@code AUDIENCE_MISMATCH}, {@code UNKNOWN_ISSUER}
     */
    void rejected(String reason);
}
