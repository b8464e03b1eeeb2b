package dev.spiffeboot.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/** Makes {@link ConnectionServerSocket}s that follow a {@link TlsPolicy}. */
final class PolicyServerSocketFactory extends SSLServerSocketFactory {

    private final ConnectionContexts contexts;

    private final SSLServerSocketFactory defaults;

    private final TlsPolicy policy;

    PolicyServerSocketFactory(ConnectionContexts contexts, SSLServerSocketFactory defaults, TlsPolicy policy) {
        this.contexts = contexts;
        this.defaults = defaults;
        this.policy = policy;
    }

    private SSLServerSocket settings() throws IOException {
        return this.policy.apply((SSLServerSocket) this.defaults.createServerSocket());
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new ConnectionServerSocket(this.contexts, settings());
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return createServerSocket(port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return createServerSocket(port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return new ConnectionServerSocket(this.contexts, settings(), port, backlog, bindAddress);
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
