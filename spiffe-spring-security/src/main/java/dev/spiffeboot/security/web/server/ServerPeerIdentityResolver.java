package dev.spiffeboot.security.web.server;

import org.springframework.web.server.ServerWebExchange;

import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Finds the SPIFFE ID of an exchange's transport peer (the mTLS client), the reactive twin of
 * {@link dev.spiffeboot.security.web.PeerIdentityResolver}. The default, {@link SslInfoPeerIdentityResolver},
 * verifies the client certificate chain the server saw. It is called on the event loop: it must not block (the
 * {@link dev.spiffeboot.security.authentication.PeerVerifier} works in memory).
 */
@FunctionalInterface
public interface ServerPeerIdentityResolver {

    /** The peer's verified SPIFFE ID, or {@code null} when the exchange came without a (valid) client X509-SVID. */
    SpiffeId resolve(ServerWebExchange exchange);
}
