package dev.spiffeboot.autoconfigure.server.tomcat;

import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSession;

import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.jsse.JSSEImplementation;

/**
 * Tomcat's JSSE support for the SPIFFE connector, with the TLS request attributes worked out once per TLS session
 * ({@link SessionCachedSslSupport}) rather than at every request: the SPIFFE filter chain reads the client
 * certificate at every request, and Tomcat then fills in all the TLS attributes of the request. Tomcat creates it by
 * class name ({@code sslImplementationName}).
 */
public class SpiffeJsseImplementation extends JSSEImplementation {

    @Override
    public SSLSupport getSSLSupport(SSLSession session, Map<String, List<String>> additionalAttributes) {
        return new SessionCachedSslSupport(session, additionalAttributes);
    }
}
