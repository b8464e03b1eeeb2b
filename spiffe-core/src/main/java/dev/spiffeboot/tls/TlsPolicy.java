package dev.spiffeboot.tls;

import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The TLS settings every socket and engine of a SPIFFE SSL context starts with: TLS 1.3 preferred, TLS 1.2
 * allowed, nothing older, and on the server side the client certificate needed, wanted or not asked for.
 */
final class TlsPolicy {

    /** The protocols enabled, in preference order. */
    static final List<String> PROTOCOLS = SpiffeSslContexts.PROTOCOLS;

    private final ClientAuth clientAuth;

    TlsPolicy(ClientAuth clientAuth) {
        this.clientAuth = clientAuth;
    }

    SSLParameters apply(SSLParameters parameters, String[] supportedProtocols) {
        List<String> supported = Arrays.asList(supportedProtocols);
        parameters.setProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
        if (this.clientAuth == ClientAuth.NEED) {
            parameters.setNeedClientAuth(true);
        }
        else if (this.clientAuth == ClientAuth.WANT) {
            parameters.setWantClientAuth(true);
        }
        return parameters;
    }

    SSLEngine apply(SSLEngine engine) {
        engine.setSSLParameters(apply(engine.getSSLParameters(), engine.getSupportedProtocols()));
        return engine;
    }

    SSLSocket apply(SSLSocket socket) {
        socket.setSSLParameters(apply(socket.getSSLParameters(), socket.getSupportedProtocols()));
        return socket;
    }

    SSLServerSocket apply(SSLServerSocket socket) {
        socket.setSSLParameters(apply(socket.getSSLParameters(), socket.getSupportedProtocols()));
        return socket;
    }
}
