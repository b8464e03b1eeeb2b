package dev.spiffeboot.tls;

import java.net.Socket;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Invalidates TLS 1.3 handshake sessions, so a server sends no session tickets after the handshake: with a context
 * per connection ({@link ConnectionContexts}) no ticket could ever be used, and an invalid session is the one JDK
 * switch that stops TLS 1.3 tickets per connection. TLS 1.2 sessions are left valid: a TLS 1.2 server that
 * acknowledged a client's ticket extension in its ServerHello must send a ticket, and the JDK sends none for an
 * invalid session, which breaks the handshake of clients such as OpenSSL's.
 */
final class NoResumption {

    private NoResumption() {
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
        if (session != null && "TLSv1.3".equals(session.getProtocol())) {
            session.invalidate();
        }
    }
}
