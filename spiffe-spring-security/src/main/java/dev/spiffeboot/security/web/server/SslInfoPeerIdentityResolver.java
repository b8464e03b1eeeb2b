package dev.spiffeboot.security.web.server;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.server.ServerWebExchange;

import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * The peer of an exchange from its client certificate chain, as the server exposes it
 * ({@code ServerHttpRequest.getSslInfo().getPeerCertificates()}), verified by a {@link PeerVerifier} against the
 * X.509 bundles of this moment. The outcome is kept on the exchange, so it is verified once per request however
 * many parts ask.
 */
public final class SslInfoPeerIdentityResolver implements ServerPeerIdentityResolver {

    private static final String RESOLVED_ATTRIBUTE = SslInfoPeerIdentityResolver.class.getName() + ".peer";

    private static final Object NO_PEER = new Object();

    private final PeerVerifier verifier;

    /** A resolver that verifies the chains with the verifier (give it the one the TLS handshakes use). */
    public SslInfoPeerIdentityResolver(PeerVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public SpiffeId resolve(ServerWebExchange exchange) {
        Object resolved = exchange.getAttributes().computeIfAbsent(RESOLVED_ATTRIBUTE,
                key -> Objects.requireNonNullElse(verify(exchange.getRequest().getSslInfo()), NO_PEER));
        return (resolved instanceof SpiffeId id) ? id : null;
    }

    private SpiffeId verify(SslInfo ssl) {
        X509Certificate[] presented = (ssl != null) ? ssl.getPeerCertificates() : null;
        if (presented == null || presented.length == 0) {
            return null;
        }
        return this.verifier.verify(Arrays.asList(presented));
    }
}
