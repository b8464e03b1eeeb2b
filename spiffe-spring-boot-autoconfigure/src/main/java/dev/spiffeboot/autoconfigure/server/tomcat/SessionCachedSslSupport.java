package dev.spiffeboot.autoconfigure.server.tomcat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSession;

import org.apache.tomcat.util.net.jsse.JSSESupport;

/**
 * The TLS attributes Tomcat builds as strings from a session, cached in the session: its ID in hex, and the
 * protocols and cipher suites the client offered, joined. Each is fixed for the session's lifetime, and a session
 * serves one connection only (sessions are never resumed), so a connection's requests share one computation of each
 * instead of building them again, strings of some hundred characters, at every request.
 */
final class SessionCachedSslSupport extends JSSESupport {

    private static final String KEY = SessionCachedSslSupport.class.getName();

    private volatile SSLSession session;

    SessionCachedSslSupport(SSLSession session, Map<String, List<String>> additionalAttributes) {
        super(session, additionalAttributes);
        this.session = session;
    }

    /** The strings of one session, as Tomcat's own support builds them. */
    private record Strings(String sessionId, String requestedProtocols, String requestedCiphers) {
    }

    @Override
    public void setSession(SSLSession session) {
        super.setSession(session);
        this.session = session;
    }

    @Override
    public String getSessionId() throws IOException {
        Strings strings = strings();
        return (strings != null) ? strings.sessionId() : super.getSessionId();
    }

    @Override
    public String getRequestedProtocols() throws IOException {
        Strings strings = strings();
        return (strings != null) ? strings.requestedProtocols() : super.getRequestedProtocols();
    }

    @Override
    public String getRequestedCiphers() throws IOException {
        Strings strings = strings();
        return (strings != null) ? strings.requestedCiphers() : super.getRequestedCiphers();
    }

    private Strings strings() throws IOException {
        SSLSession current = this.session;
        if (current == null) {
            return null;
        }
        if (current.getValue(KEY) instanceof Strings cached) {
            return cached;
        }
        Strings strings = new Strings(super.getSessionId(), super.getRequestedProtocols(), super.getRequestedCiphers());
        current.putValue(KEY, strings);
        return strings;
    }
}
