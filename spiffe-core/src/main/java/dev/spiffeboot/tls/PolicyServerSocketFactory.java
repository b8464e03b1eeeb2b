package dev.spiffeboot.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/** Applies a {@link TlsPolicy} to every server socket of a JSSE server socket factory. */
final class PolicyServerSocketFactory extends SSLServerSocketFactory {

    private final SSLServerSocketFactory delegate;

    private final TlsPolicy policy;

    PolicyServerSocketFactory(SSLServerSocketFactory delegate, TlsPolicy policy) {
        this.delegate = delegate;
        this.policy = policy;
    }

    private ServerSocket configure(ServerSocket socket) {
        return this.policy.apply((SSLServerSocket) socket);
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return configure(this.delegate.createServerSocket());
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return configure(this.delegate.createServerSocket(port));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return configure(this.delegate.createServerSocket(port, backlog));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return configure(this.delegate.createServerSocket(port, backlog, bindAddress));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return this.delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return this.delegate.getSupportedCipherSuites();
    }
}
