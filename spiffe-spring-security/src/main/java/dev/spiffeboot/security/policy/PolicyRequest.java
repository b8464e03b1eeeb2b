package dev.spiffeboot.security.policy;

import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * What the policy knows about a request.
 *
 * @param peer the mTLS peer's SPIFFE ID, or {@code null}
 * @param requestPrincipal the bearer token's principal, or {@code null}
 * @param callerTrustDomain the caller's trust domain (the JWT-SVID's, else the peer's), or {@code null}
 * @param path the request path (for gRPC, the full method name {@code /package.Service/Method})
 * @param method the request method
 */
public record PolicyRequest(SpiffeId peer, String requestPrincipal, TrustDomain callerTrustDomain, String path, String method) {

    /** The request of a caller (a {@link SpiffeAuthentication}, or {@code null} for one without identity). */
    public static PolicyRequest of(SpiffeAuthentication caller, String path, String method) {
        if (caller == null) {
            return new PolicyRequest(null, null, null, path, method);
        }
        SpiffeId callerId = caller.callerId().orElse(null);
        return new PolicyRequest(caller.peerId().orElse(null), caller.requestPrincipal().map(RequestPrincipal::value).orElse(null),
                (callerId != null) ? callerId.trustDomain() : null, path, method);
    }

    /** Whether the request carries a verified identity. */
    public boolean authenticated() {
        return this.peer != null || this.requestPrincipal != null;
    }
}
