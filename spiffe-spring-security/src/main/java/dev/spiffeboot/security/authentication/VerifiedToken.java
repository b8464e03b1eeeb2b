package dev.spiffeboot.security.authentication;

import java.time.Instant;
import java.util.Objects;

/**
 * A token that validated: who it speaks for, and what its validity rests on, so that the same token can be
 * accepted again without validating it again.
 *
 * @param principal who the token speaks for
 * @param acceptedUntil until when the validation would still accept the token ({@code exp} plus the clock skew)
 * @param keys whether the keys that validated it are still the ones in force
 */
public record VerifiedToken(RequestPrincipal principal, Instant acceptedUntil, TokenKeys keys) {

    public VerifiedToken {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(acceptedUntil, "accepted until");
        Objects.requireNonNull(keys, "keys");
    }

    /** Whether the token is past its acceptance at that time. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(this.acceptedUntil);
    }
}
