package dev.spiffeboot.tls;

import java.security.GeneralSecurityException;
import java.util.Objects;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.bundle.X509BundleSource;
import dev.spiffeboot.svid.x509.X509SvidSource;
import dev.spiffeboot.svid.x509.X509SvidVerifier;

/**
 * One side's SPIFFE TLS, assembled once: the SVID to present, how peers are verified and authorized, who hears
 * about refused peers and, for a server, whether clients present an SVID. Like go-spiffe's {@code tlsconfig}, it is
 * the one place key and trust managers are put together; every Spring integration takes its managers, manager
 * factories or {@link SSLContext} from here.
 *
 * <pre>{@code
 * SpiffeTlsConfig server = SpiffeTlsConfig.builder(x509Source)
 *         .svid(x509Source)
 *         .authorizer(Authorizer.id(clientId))
 *         .server(ClientAuth.NEED)
 *         .build();
 * SSLContext context = server.sslContext();
 * }</pre>
 * The managers read the current SVID and bundles at every handshake, so rotation needs no new configuration.
 * Sessions are never resumed, and only TLS 1.3 and 1.2 are enabled.
 */
public final class SpiffeTlsConfig {

    private final SpiffeKeyManager keyManager;

    private final SpiffeTrustManager trustManager;

    private final ClientAuth clientAuth;

    private SpiffeTlsConfig(Builder builder) {
        this.keyManager = (builder.svids != null) ? new SpiffeKeyManager(builder.svids) : null;
        this.clientAuth = builder.clientAuth;
        // a server that asks for no certificate refuses any it is sent anyway
        this.trustManager = (builder.server && builder.clientAuth == ClientAuth.NONE)
                ? new SpiffeTrustManager(X509SvidVerifier.of(X509BundleSet.empty()), Authorizer.any(), builder.rejectionListener)
                : new SpiffeTrustManager(builder.verifier, builder.authorizer, builder.rejectionListener);
    }

    /** A builder whose peers are verified against the bundles of the source. */
    public static Builder builder(X509BundleSource bundles) {
        return builder(X509SvidVerifier.of(bundles));
    }

    /** A builder whose peers are verified by the verifier, e.g. one shared with other checks of the same peers. */
    public static Builder builder(X509SvidVerifier verifier) {
        return new Builder(verifier);
    }

    /** The key manager presenting the SVID, or {@code null} when this side presents none. */
    public SpiffeKeyManager keyManager() {
        return this.keyManager;
    }

    /** The trust manager that verifies and authorizes peers. */
    public SpiffeTrustManager trustManager() {
        return this.trustManager;
    }

    /** Whether clients present an SVID (for a server; {@link ClientAuth#NONE} for a client). */
    public ClientAuth clientAuth() {
        return this.clientAuth;
    }

    /** The key manager in a factory, for libraries that take factories; empty when this side presents no SVID. */
    public KeyManagerFactory keyManagerFactory() {
        return (this.keyManager != null) ? SpiffeManagerFactories.keyManagerFactory(this.keyManager)
                : SpiffeManagerFactories.noKeyManagerFactory();
    }

    /** The trust manager in a factory, for libraries that take factories. */
    public TrustManagerFactory trustManagerFactory() {
        return SpiffeManagerFactories.trustManagerFactory(this.trustManager);
    }

    /**
     * A new JSSE context on these managers, whose sockets and engines allow TLS 1.3 and 1.2 only and, on the server
     * side, ask clients for certificates as {@link #clientAuth()} says. It never resumes a TLS session: every
     * connection gets a full handshake with the current SVID and bundles (TLS 1.2 clients that offer session
     * tickets get a ticket no connection can use). It cannot be re-initialized.
     */
    public SSLContext sslContext() {
        try {
            SSLContext delegate = SSLContext.getInstance("TLS");
            KeyManager[] keyManagers = (this.keyManager != null) ? new KeyManager[] { this.keyManager } : new KeyManager[0];
            TrustManager[] trustManagers = new TrustManager[] { this.trustManager };
            delegate.init(keyManagers, trustManagers, null);
            ConnectionContexts contexts = new ConnectionContexts(delegate.getProvider(), keyManagers, trustManagers);
            return new PolicySslContext(delegate, contexts, new TlsPolicy(this.clientAuth));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot create a TLS context: " + ex.getMessage(), ex);
        }
    }

    private static final class PolicySslContext extends SSLContext {

        PolicySslContext(SSLContext delegate, ConnectionContexts contexts, TlsPolicy policy) {
            super(new PolicySslContextSpi(delegate, contexts, policy), delegate.getProvider(), delegate.getProtocol());
        }
    }

    /** Builds a {@link SpiffeTlsConfig}. */
    public static final class Builder {

        private final X509SvidVerifier verifier;

        private X509SvidSource svids;

        private Authorizer authorizer;

        private RejectionListener rejectionListener = RejectionListener.none();

        private ClientAuth clientAuth = ClientAuth.NONE;

        private boolean server;

        private Builder(X509SvidVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
        }

        /** The SVID this side presents; without one, it presents no certificate (a TLS-only client). */
        public Builder svid(X509SvidSource svids) {
            this.svids = Objects.requireNonNull(svids, "X509-SVID source");
            return this;
        }

        /** Which verified peers may connect (required unless a server asks for no client certificate). */
        public Builder authorizer(Authorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            return this;
        }

        /** Who is told about refused peers (default: nobody). */
        public Builder rejectionListener(RejectionListener rejectionListener) {
            this.rejectionListener = Objects.requireNonNull(rejectionListener, "rejection listener");
            return this;
        }

        /**
         * Makes this a server configuration that asks clients for an SVID as given (without this call it is a
         * client's, which always verifies and authorizes the server).
         */
        public Builder server(ClientAuth clientAuth) {
            this.clientAuth = Objects.requireNonNull(clientAuth, "client auth");
            this.server = true;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalStateException if a server has no SVID to present, or peers are verified but no authorizer
         * says which may connect
         */
        public SpiffeTlsConfig build() {
            if (this.server && this.svids == null) {
                throw new IllegalStateException("a SPIFFE TLS server needs an X509-SVID to present");
            }
            boolean verifiesPeers = !this.server || this.clientAuth != ClientAuth.NONE;
            if (verifiesPeers && this.authorizer == null) {
                throw new IllegalStateException("SPIFFE TLS needs an authorizer: which peer SPIFFE IDs may connect "
                        + "(Authorizer.any() allows every verified peer)");
            }
            return new SpiffeTlsConfig(this);
        }
    }
}
