package dev.spiffeboot.autoconfigure.server.tomcat;

import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSession;

import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SSLUtil;
import org.apache.tomcat.util.net.jsse.JSSEImplementation;
import org.apache.tomcat.util.net.jsse.JSSEUtil;

/**
 * Tomcat's JSSE support for the SPIFFE connector, with the TLS request attributes worked out once per TLS session
 * ({@link SessionCachedSslSupport}) rather than at every request: the SPIFFE filter chain reads the client
 * certificate at every request, and Tomcat then fills in all the TLS attributes of the request. Tomcat creates it by
 * class name ({@code sslImplementationName}).
 * <p>
 * With optional client certificates ({@code client-auth: want}) Tomcat warns at start-up that TLS 1.3 in the JDK
 * has no post-handshake authentication "and is therefore incompatible with optional certificate authentication".
 * That concerns Tomcat asking for a certificate after the handshake (for its own CLIENT-CERT login), which the
 * SPIFFE connector never does: it asks in the handshake itself, on TLS 1.3 as on 1.2, and a client that has an SVID
 * presents it then. So the SPIFFE connector's JSSE utility is created without Tomcat's configuration warnings,
 * which otherwise only concern protocols and cipher suites this connector sets itself.
 */
public class SpiffeJsseImplementation extends JSSEImplementation {

    @Override
    public SSLUtil getSSLUtil(SSLHostConfigCertificate certificate) {
        return new JSSEUtil(certificate, false);
    }

    @Override
    public SSLSupport getSSLSupport(SSLSession session, Map<String, List<String>> additionalAttributes) {
        return new SessionCachedSslSupport(session, additionalAttributes);
    }
}
