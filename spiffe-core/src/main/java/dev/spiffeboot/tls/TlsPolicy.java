package dev.spiffeboot.tls;

import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The TLS settings every socket and engine of a SPIFFE SSL context starts with: TLS 1.3 preferred, TLS 1.2
 * allowed, nothing older, and (for mTLS servers) a client certificate required.
 */
final class TlsPolicy {

    /** The protocols enabled, in preference order. */
    static final List<String> PROTOCOLS = SpiffeSslContexts.PROTOCOLS;

    private final boolean requireClientCertificate;

    TlsPolicy(boolean requireClientCertificate) {
        this.requireClientCertificate = requireClientCertificate;
    }

    SSLParameters apply(SSLParameters parameters, String[] supportedProtocols) {
        List<String> supported = Arrays.asList(supportedProtocols);
        parameters.setProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
        if (this.requireClientCertificate) {
            parameters.setNeedClientAuth(true);
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
