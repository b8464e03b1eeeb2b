package dev.spiffeboot.security.web;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * The peer of a request from its client certificate chain, as the servlet container exposes it
 * ({@value #CERTIFICATE_ATTRIBUTE}), verified by a {@link PeerVerifier} against the X.509 bundles of this moment.
 * The outcome is kept on the request, so a request that is dispatched again is not verified again.
 */
public final class ClientCertificatePeerIdentityResolver implements PeerIdentityResolver {

    /** Where servlet containers put the client's certificate chain. */
    public static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private static final String RESOLVED_ATTRIBUTE = ClientCertificatePeerIdentityResolver.class.getName() + ".peer";

    private static final Object NO_PEER = new Object();

    private final PeerVerifier verifier;

    /** A resolver that verifies the chains with the verifier (give it the one the TLS handshakes use). */
    public ClientCertificatePeerIdentityResolver(PeerVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public SpiffeId resolve(HttpServletRequest request) {
        Object resolved = request.getAttribute(RESOLVED_ATTRIBUTE);
        if (resolved == null) {
            resolved = Objects.requireNonNullElse(verify(request), NO_PEER);
            request.setAttribute(RESOLVED_ATTRIBUTE, resolved);
        }
        return (resolved instanceof SpiffeId id) ? id : null;
    }

    private SpiffeId verify(HttpServletRequest request) {
        if (!(request.getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] presented) || presented.length == 0) {
            return null;
        }
        return this.verifier.verify(Arrays.asList(presented));
    }
}
