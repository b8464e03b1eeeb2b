package dev.spiffeboot.autoconfigure.server.jetty;

import javax.net.ssl.SSLContext;

import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import org.springframework.boot.jetty.JettyServerCustomizer;

import dev.spiffeboot.tls.ClientAuth;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.tls.SpiffeTlsConfig;

/**
 * Puts TLS in front of every connector of the server: each accepts TLS only, presents the current X509-SVID and
 * checks clients during the handshake. A connector added or changed afterwards without this TLS stops the start-up
 * ({@link TlsOnlyConnectors}).
 * <p>
 * Why not {@code server.ssl.bundle}: Spring Boot's Jetty support builds its context from a bundle's key and trust
 * stores and runs plain PKIX over them, so it would neither tie a CA to its own trust domain nor check the client's
 * SPIFFE ID, and it would need a reload for each rotation. Jetty accepts a ready context instead
 * ({@link SslContextFactory#setSslContext}); ours is built on the SPIFFE key and trust managers, which read the
 * current SVID and bundles at every handshake, and it makes every engine from a context of its own, so no session
 * is ever resumed. Jetty only selects the protocols and cipher suites and sets the client authentication.
 */
class SpiffeJettyServerCustomizer implements JettyServerCustomizer {

    private final SpiffeTlsConfig tls;

    private final SSLContext context;

    /**
     * @param tls the server's TLS
     */
    SpiffeJettyServerCustomizer(SpiffeTlsConfig tls) {
        this.tls = tls;
        this.context = tls.sslContext();
    }

    @Override
    public void customize(Server server) {
        for (Connector connector : server.getConnectors()) {
            secure(connector);
        }
        TlsOnlyConnectors check = new TlsOnlyConnectors(this.context);
        check.checkAll(server);
        server.addEventListener(check);
    }

    private void secure(Connector connector) {
        if (!(connector instanceof AbstractConnector abstractConnector)) {
            throw new IllegalStateException("spiffe.server needs Jetty connectors that take connection factories, not "
                    + connector.getClass().getName());
        }
        if (abstractConnector.getConnectionFactory(SslConnectionFactory.class) != null) {
            // configured by someone else, with other TLS: left as it is, for the check to refuse
            return;
        }
        for (ConnectionFactory factory : abstractConnector.getConnectionFactories()) {
            if (factory instanceof HttpConfiguration.ConnectionFactory http) {
                secure(http.getHttpConfiguration());
            }
        }
        String next = abstractConnector.getDefaultProtocol();
        abstractConnector.addFirstConnectionFactory(new SslConnectionFactory(sslContextFactory(), next));
    }

    /**
     * Requests on the connection are HTTPS and carry the client's certificate chain
     * ({@code jakarta.servlet.request.X509Certificate}). No SNI is required or checked against the certificate's
     * DNS names: an SVID names a SPIFFE ID in a URI SAN, not a host.
     */
    private static void secure(HttpConfiguration configuration) {
        configuration.setSecureScheme("https");
        SecureRequestCustomizer customizer = configuration.getCustomizer(SecureRequestCustomizer.class);
        if (customizer == null) {
            configuration.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        }
        else {
            customizer.setSniRequired(false);
            customizer.setSniHostCheck(false);
        }
    }

    /** One per connector, as Jetty starts and stops it with its connector; all share the SPIFFE context. */
    private SslContextFactory.Server sslContextFactory() {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(this.context);
        factory.setIncludeProtocols(SpiffeSslContexts.PROTOCOLS.toArray(String[]::new));
        factory.setNeedClientAuth(this.tls.clientAuth() == ClientAuth.NEED);
        factory.setWantClientAuth(this.tls.clientAuth() == ClientAuth.WANT);
        factory.setSniRequired(false);
        factory.setEndpointIdentificationAlgorithm(null);
        // no host and port hint when making engines (the context makes each engine from a context of its own anyway)
        factory.setSessionCachingEnabled(false);
        return factory;
    }
}
