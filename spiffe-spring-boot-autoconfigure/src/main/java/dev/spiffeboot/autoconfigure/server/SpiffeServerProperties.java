package dev.spiffeboot.autoconfigure.server;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.spiffeboot.autoconfigure.PeerAuthorizationProperties;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.tls.Authorizer;
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
     * Whether clients must present an X509-SVID, with the values of server.ssl.client-auth: NEED (mTLS), WANT
     * (verified and authorized when presented), or NONE (TLS only, e.g. for JWT-SVID bearer tokens). REQUIRED and
     * OPTIONAL, the starter's earlier names, are accepted for NEED and WANT.
     */
    private ClientAuth clientAuth = ClientAuth.NEED;

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
        return this.clientAuth.serverTls(source, verifier, authorizer(source), rejectionListener);
    }

    /** Whether clients present an X509-SVID; the names are Spring Boot's {@code server.ssl.client-auth} values. */
    public enum ClientAuth {

        /** Every client must present an SVID that verifies and is authorized (mTLS). */
        NEED(dev.spiffeboot.tls.ClientAuth.NEED),

        /** A client may present an SVID; one that is presented must verify and be authorized. */
        WANT(dev.spiffeboot.tls.ClientAuth.WANT),

        /** Clients present no certificate (TLS only); they authenticate otherwise, e.g. with JWT-SVIDs. */
        NONE(dev.spiffeboot.tls.ClientAuth.NONE),

        /**
         * {@link #NEED} by the starter's earlier name, still accepted.
         * @deprecated use {@link #NEED}, as {@code server.ssl.client-auth} does
         */
        @Deprecated
        REQUIRED(dev.spiffeboot.tls.ClientAuth.NEED),

        /**
         * {@link #WANT} by the starter's earlier name, still accepted.
         * @deprecated use {@link #WANT}, as {@code server.ssl.client-auth} does
         */
        @Deprecated
        OPTIONAL(dev.spiffeboot.tls.ClientAuth.WANT);

        private final dev.spiffeboot.tls.ClientAuth tls;

        ClientAuth(dev.spiffeboot.tls.ClientAuth tls) {
            this.tls = tls;
        }

        /** The SPIFFE TLS mode. */
        public dev.spiffeboot.tls.ClientAuth tls() {
            return this.tls;
        }

        /**
         * A server TLS that presents the source's X509-SVID and asks clients for theirs this way: client chains
         * verified by the verifier, client IDs allowed by the authorizer, rejections reported to the listener.
         */
        public SpiffeTlsConfig serverTls(X509Source source, X509SvidVerifier verifier, Authorizer authorizer,
                RejectionListener rejectionListener) {
            return SpiffeTlsConfig.builder(verifier)
                .svid(source)
                .authorizer(authorizer)
                .rejectionListener(rejectionListener)
                .server(this.tls)
                .build();
        }
    }
}
