package dev.spiffeboot.autoconfigure.server;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.spiffeboot.autoconfigure.PeerAuthorizationProperties;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.RejectionListener;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The embedded server's TLS from the X509-SVID: whether it is on, whether clients must present an SVID, and which
 * client SPIFFE IDs are allowed ({@code spiffe.server.authorized-ids}, {@code -patterns}, {@code -trust-domains};
 * members of the own trust domain when none is set). Peers are checked during the handshake.
 */
@ConfigurationProperties("spiffe.server")
public class SpiffeServerProperties extends PeerAuthorizationProperties {

    /**
     * Whether the embedded servlet Tomcat or Jetty, or the Reactor Netty of WebFlux, serves HTTPS with this
     * workload's X509-SVID (replacing server.ssl.*). Start-up fails when it is on and the web server is another one
     * (reactive Tomcat or Jetty, a factory of the application's) or no Workload API is set.
     */
    private boolean enabled;

    /**
     * Whether clients must present an X509-SVID: REQUIRED (mTLS), OPTIONAL (verified and authorized when
     * presented), or NONE (TLS only, e.g. for JWT-SVID bearer tokens).
     */
    private ClientAuth clientAuth = ClientAuth.REQUIRED;

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public ClientAuth getClientAuth() {
        return this.clientAuth;
    }

    public void setClientAuth(ClientAuth clientAuth) {
        this.clientAuth = clientAuth;
    }

    /**
     * The server TLS these properties describe: the source's X509-SVID, client chains verified by the verifier,
     * client IDs authorized as configured and rejections reported to the listener. Every SPIFFE server (Tomcat,
     * Jetty, Reactor Netty) is configured from it, so they behave alike.
     */
    public SpiffeTlsConfig serverTls(X509Source source, X509SvidVerifier verifier, RejectionListener rejectionListener) {
        return SpiffeTlsConfig.builder(verifier)
            .svid(source)
            .authorizer(authorizer(source))
            .rejectionListener(rejectionListener)
            .server(this.clientAuth.tls())
            .build();
    }

    /** Whether clients present an X509-SVID. */
    public enum ClientAuth {

        /** Every client must present an SVID that verifies and is authorized (mTLS). */
        REQUIRED(dev.spiffeboot.tls.ClientAuth.NEED),

        /** A client may present an SVID; one that is presented must verify and be authorized. */
        OPTIONAL(dev.spiffeboot.tls.ClientAuth.WANT),

        /** Clients present no certificate (TLS only); they authenticate otherwise, e.g. with JWT-SVIDs. */
        NONE(dev.spiffeboot.tls.ClientAuth.NONE);

        private final dev.spiffeboot.tls.ClientAuth tls;

        ClientAuth(dev.spiffeboot.tls.ClientAuth tls) {
            this.tls = tls;
        }

        /** The SPIFFE TLS mode. */
        public dev.spiffeboot.tls.ClientAuth tls() {
            return this.tls;
        }
    }
}
