package dev.spiffeboot.autoconfigure.grpc.server;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.spiffeboot.autoconfigure.PeerAuthorizationProperties;
import dev.spiffeboot.autoconfigure.server.SpiffeServerProperties;
import dev.spiffeboot.autoconfigure.server.SpiffeServerProperties.ClientAuth;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The TLS of Spring gRPC's Netty server from the X509-SVID: whether it is on, whether clients must present an SVID,
 * and which client SPIFFE IDs are allowed ({@code spiffe.grpc.server.authorized-ids}, {@code -patterns},
 * {@code -trust-domains}). With none of these set, the gRPC server allows the clients the HTTP server allows
 * ({@code spiffe.server.authorized-*}), and with none set there either, members of the own trust domain. Peers are
 * checked during the handshake.
 */
@ConfigurationProperties("spiffe.grpc.server")
public class SpiffeGrpcServerProperties extends PeerAuthorizationProperties {

    /**
     * Whether Spring gRPC's Netty server serves TLS with this workload's X509-SVID (replacing
     * spring.grpc.server.ssl.*). On by default when a Workload API is configured; true also requires one. Start-up
     * fails when it is on and a gRPC server would serve without it (in-process, over the servlet container, on
     * grpc-netty-shaded or a Unix domain socket, or from a server factory of the application's).
     */
    private Boolean enabled;

    /**
     * Whether gRPC clients must present an X509-SVID: NEED (mTLS), WANT (verified and authorized when presented), or
     * NONE (TLS only). Not taken from spiffe.server.client-auth.
     */
    private ClientAuth clientAuth = ClientAuth.NEED;

    public Boolean getEnabled() {
        return this.enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public ClientAuth getClientAuth() {
        return this.clientAuth;
    }

    public void setClientAuth(ClientAuth clientAuth) {
        this.clientAuth = clientAuth;
    }

    /**
     * Whether the SPIFFE TLS is on: as set, or, when not set, whether there is an X509-SVID source (a Workload API).
     */
    boolean isOn(boolean hasX509Source) {
        return (this.enabled != null) ? this.enabled : hasX509Source;
    }

    /**
     * The gRPC server's TLS: the source's X509-SVID, client chains verified by the verifier, client IDs authorized
     * as set here or else as for the HTTP server, rejections reported to the listener.
     */
    SpiffeTlsConfig serverTls(X509Source source, X509SvidVerifier verifier, SpiffeServerProperties httpServer,
            RejectionListener rejectionListener) {
        Authorizer own = explicitAuthorizer();
        Authorizer authorizer = (own != null) ? own : httpServer.authorizer(source);
        return this.clientAuth.serverTls(source, verifier, authorizer, rejectionListener);
    }
}
