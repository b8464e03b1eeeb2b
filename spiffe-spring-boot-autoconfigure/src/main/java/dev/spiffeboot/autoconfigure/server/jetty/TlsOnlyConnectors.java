package dev.spiffeboot.autoconfigure.server.jetty;

import javax.net.ssl.SSLContext;

import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.component.Container;

import dev.spiffeboot.autoconfigure.server.SpiffeServerException;

/**
 * Refuses any connector of the server whose connections do not start with the SPIFFE TLS: one that another
 * customizer adds after the SPIFFE one (checked as it is added), or changes afterwards (checked when Spring Boot
 * hands the connectors back to the server to start them). The exception stops the start-up before the connector
 * listens.
 */
final class TlsOnlyConnectors implements Container.Listener {

    private final SSLContext context;

    TlsOnlyConnectors(SSLContext context) {
        this.context = context;
    }

    void checkAll(Server server) {
        for (Connector connector : server.getConnectors()) {
            check(connector);
        }
    }

    @Override
    public void beanAdded(Container parent, Object child) {
        if (child instanceof Connector connector) {
            check(connector);
        }
    }

    @Override
    public void beanRemoved(Container parent, Object child) {
    }

    private void check(Connector connector) {
        ConnectionFactory first = connector.getDefaultConnectionFactory();
        boolean spiffeTls = first instanceof SslConnectionFactory tls && tls.getSslContextFactory().getSslContext() == this.context;
        if (!spiffeTls) {
            throw SpiffeServerException.unsecuredConnector("Jetty", describe(connector));
        }
    }

    /** E.g. "ServerConnector on 127.0.0.1:8081 [http/1.1]". */
    private static String describe(Connector connector) {
        String address = (connector instanceof NetworkConnector network)
                ? " on " + ((network.getHost() != null) ? network.getHost() : "*") + ":" + network.getPort() : "";
        return connector.getClass().getSimpleName() + address + " " + connector.getProtocols();
    }
}
