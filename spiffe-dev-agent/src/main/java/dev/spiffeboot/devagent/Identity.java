package dev.spiffeboot.devagent;

import java.util.Objects;

import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * An identity an endpoint hands out: a SPIFFE ID, an optional hint, and optional caller selectors. Without
 * selectors every caller of the endpoint gets it; with a uid and/or gid only callers whose peer credentials
 * (SO_PEERCRED) match do, like SPIRE's {@code unix:uid} and {@code unix:gid} selectors.
 *
 * @param spiffeId the ID of the SVIDs
 * @param hint the hint sent with the SVIDs ({@code ""} for none)
 * @param uid the caller's user ID that selects this identity, or {@code null}
 * @param gid the caller's group ID that selects this identity, or {@code null}
 * @param expiredJwtSvids whether its JWT-SVIDs are issued already expired (an hour ago), to demonstrate and test
 * how servers refuse expired tokens; never useful otherwise
 */
public record Identity(SpiffeId spiffeId, String hint, Integer uid, Integer gid, boolean expiredJwtSvids) {

    public Identity {
        Objects.requireNonNull(spiffeId, "spiffe-id");
        if (!spiffeId.hasPath()) {
            throw new IllegalArgumentException("workload SPIFFE ID " + spiffeId + " must have a path");
        }
        hint = hint == null ? "" : hint;
    }

    /** An identity whose JWT-SVIDs are valid when issued. */
    public Identity(SpiffeId spiffeId, String hint, Integer uid, Integer gid) {
        this(spiffeId, hint, uid, gid, false);
    }

    /** An identity every caller of the endpoint gets. */
    public static Identity of(String spiffeId) {
        return new Identity(SpiffeId.parse(spiffeId), "", null, null);
    }

    /** Whether the identity has caller selectors. */
    public boolean hasSelectors() {
        return this.uid != null || this.gid != null;
    }

    /** Whether a caller with these credentials (or unknown credentials, {@code null}) gets this identity. */
    public boolean grantedTo(PeerCredentials caller) {
        if (!hasSelectors()) {
            return true;
        }
        if (caller == null) {
            return false;
        }
        return (this.uid == null || this.uid == caller.uid()) && (this.gid == null || caller.hasGroup(this.gid));
    }
}
