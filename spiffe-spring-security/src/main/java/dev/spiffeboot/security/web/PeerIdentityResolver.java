package dev.spiffeboot.security.web;

import jakarta.servlet.http.HttpServletRequest;

import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Finds the SPIFFE ID of a request's transport peer (the mTLS client). The default,
 * {@link ClientCertificatePeerIdentityResolver}, verifies the client certificate chain the servlet container saw; a
 * bean of this type replaces it (for example behind a proxy that terminates mTLS and forwards the peer otherwise).
 */
@FunctionalInterface
public interface PeerIdentityResolver {

    /** The peer's verified SPIFFE ID, or {@code null} when the request came without a (valid) client X509-SVID. */
    SpiffeId resolve(HttpServletRequest request);
}
