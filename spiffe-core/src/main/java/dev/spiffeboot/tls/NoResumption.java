package dev.spiffeboot.tls;

import java.net.Socket;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Keeps TLS sessions from being resumed, so that every connection runs a full handshake: the peer is verified
 * against the <em>current</em> bundle and authorizer, and this side presents its <em>current</em> SVID. A resumed
 * session would skip both, for as long as the session lives (a day by default in the JDK), after the SVIDs and
 * bundles that set it up have rotated or been revoked. go-spiffe clients get the same effect by keeping no session
 * cache.
 * <p>
 * Two JDK mechanisms are used:
 * <ul>
 * <li>the session contexts get a timeout above the JDK's seven-day ticket lifetime cap, so the JDK neither issues
 * session tickets nor keeps tickets received from a peer that issues them anyway (a plain JDK server does; this is
 * what keeps a rotated client SVID from being skipped, see {@code SpiffeTlsHandshakeTests});</li>
 * <li>the key and trust managers invalidate the handshake session ({@link SSLSession#invalidate()}: "future
 * connections will not be able to resume or join this session"), which also keeps the session out of the JDK's
 * session-ID cache, whatever the timeout.</li>
 * </ul>
 */
final class NoResumption {

    /** One second above the JDK's cap on TLS 1.3 ticket lifetimes (RFC 8446 section 4.6.1: seven days). */
    static final int SESSION_TIMEOUT_ABOVE_TICKET_CAP = 7 * 24 * 60 * 60 + 1;

    private NoResumption() {
    }

    static void configure(SSLContext context) {
        context.getServerSessionContext().setSessionTimeout(SESSION_TIMEOUT_ABOVE_TICKET_CAP);
        context.getClientSessionContext().setSessionTimeout(SESSION_TIMEOUT_ABOVE_TICKET_CAP);
    }

    static void invalidate(Socket socket) {
        if (socket instanceof SSLSocket) {
            invalidate(((SSLSocket) socket).getHandshakeSession());
        }
    }

    static void invalidate(SSLEngine engine) {
        if (engine != null) {
            invalidate(engine.getHandshakeSession());
        }
    }

    private static void invalidate(SSLSession session) {
        if (session != null) {
            session.invalidate();
        }
    }
}
