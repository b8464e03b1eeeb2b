package dev.spiffeboot.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server socket whose accepted connections each come from a context of their own ({@link ConnectionContexts}),
 * so none can resume another's session. The TLS settings live in an unbound JSSE server socket of the shared
 * context, which only holds them; every accepted connection gets a copy.
 */
final class ConnectionServerSocket extends SSLServerSocket {

    private final ConnectionContexts contexts;

    private final SSLServerSocket settings;

    ConnectionServerSocket(ConnectionContexts contexts, SSLServerSocket settings) throws IOException {
        this.contexts = contexts;
        this.settings = settings;
    }

    ConnectionServerSocket(ConnectionContexts contexts, SSLServerSocket settings, int port, int backlog,
            InetAddress bindAddress) throws IOException {
        super(port, backlog, bindAddress);
        this.contexts = contexts;
        this.settings = settings;
    }

    @Override
    public Socket accept() throws IOException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        Socket connection = new Socket();
        implAccept(connection);
        try {
            SSLSocket tls = (SSLSocket) this.contexts.next().getSocketFactory().createSocket(connection, null, true);
            tls.setSSLParameters(this.settings.getSSLParameters());
            tls.setEnableSessionCreation(this.settings.getEnableSessionCreation());
            return tls;
        }
        catch (IOException | RuntimeException ex) {
            connection.close();
            throw ex;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        }
        finally {
            this.settings.close();
        }
    }

    @Override
    public SSLParameters getSSLParameters() {
        return this.settings.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters parameters) {
        this.settings.setSSLParameters(parameters);
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return this.settings.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        this.settings.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return this.settings.getSupportedCipherSuites();
    }

    @Override
    public String[] getSupportedProtocols() {
        return this.settings.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return this.settings.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        this.settings.setEnabledProtocols(protocols);
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        this.settings.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return this.settings.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        this.settings.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return this.settings.getWantClientAuth();
    }

    /** Accepted connections are always the server side; asking for client mode is refused. */
    @Override
    public void setUseClientMode(boolean clientMode) {
        if (clientMode) {
            throw new IllegalArgumentException("a SPIFFE server socket accepts server-side connections only");
        }
    }

    @Override
    public boolean getUseClientMode() {
        return false;
    }

    @Override
    public void setEnableSessionCreation(boolean enabled) {
        this.settings.setEnableSessionCreation(enabled);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return this.settings.getEnableSessionCreation();
    }

    @Override
    public String toString() {
        return "SPIFFE TLS " + super.toString();
    }
}
