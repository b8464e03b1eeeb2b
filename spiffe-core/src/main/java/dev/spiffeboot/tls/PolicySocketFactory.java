package dev.spiffeboot.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Makes each socket with the socket factory of a new context ({@link ConnectionContexts}) and applies a
 * {@link TlsPolicy} to it.
 */
final class PolicySocketFactory extends SSLSocketFactory {

    private final ConnectionContexts contexts;

    private final SSLSocketFactory defaults;

    private final TlsPolicy policy;

    PolicySocketFactory(ConnectionContexts contexts, SSLSocketFactory defaults, TlsPolicy policy) {
        this.contexts = contexts;
        this.defaults = defaults;
        this.policy = policy;
    }

    private SSLSocketFactory factory() {
        return this.contexts.next().getSocketFactory();
    }

    private Socket configure(Socket socket) {
        return this.policy.apply((SSLSocket) socket);
    }

    @Override
    public Socket createSocket() throws IOException {
        return configure(factory().createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return configure(factory().createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return configure(factory().createSocket(socket, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return configure(factory().createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return configure(factory().createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return configure(factory().createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return configure(factory().createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return this.defaults.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return this.defaults.getSupportedCipherSuites();
    }
}
