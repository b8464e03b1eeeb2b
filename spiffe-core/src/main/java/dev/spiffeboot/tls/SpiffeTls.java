package dev.spiffeboot.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.spiffeboot.internal.Durations;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.X509SvidProfile;

/**
 * Raw TLS sockets over SPIFFE identities, like go-spiffe's {@code spiffetls.Listen} and {@code spiffetls.Dial}:
 *
 * <pre>{@code
 * SSLContext serverTls = SpiffeSslContexts.mtlsServer(svids, bundles, Authorizer.id(clientId));
 * try (SSLServerSocket listener = SpiffeTls.listen(new InetSocketAddress("127.0.0.1", 0), serverTls);
 *      SSLSocket connection = SpiffeTls.accept(listener, Duration.ofSeconds(10))) {
 *     SpiffeId client = SpiffeTls.peerId(connection.getSession());
 *     // read "Hello server", write "Hello client"
 * }
 * }</pre>
 */
public final class SpiffeTls {

    private static final int BACKLOG = 50;

    private SpiffeTls() {
    }

    /** Opens a TLS server socket bound to the address (port 0 picks a free port). */
    public static SSLServerSocket listen(InetSocketAddress address, SSLContext context) throws IOException {
        Objects.requireNonNull(address, "address");
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        try {
            socket.bind(address, BACKLOG);
            return socket;
        }
        catch (IOException ex) {
            socket.close();
            throw ex;
        }
    }

    /**
     * Accepts a connection and completes its handshake, so a refused or silent peer fails here rather than at
     * the first read.
     *
     * @param handshakeTimeout how long the peer may take to complete the handshake
     * @throws javax.net.ssl.SSLHandshakeException if the handshake fails (the cause names the reason)
     * @throws SocketTimeoutException if the peer does not complete the handshake in time
     */
    public static SSLSocket accept(SSLServerSocket listener, Duration handshakeTimeout) throws IOException {
        SSLSocket socket = (SSLSocket) listener.accept();
        return handshake(socket, handshakeTimeout);
    }

    /**
     * Connects to a TLS server and completes the handshake.
     *
     * @param timeout how long connecting and the handshake may each take
     * @throws javax.net.ssl.SSLHandshakeException if the handshake fails, for example because the server's ID is
     * not authorized ({@code unexpected ID "..."})
     */
    public static SSLSocket dial(InetSocketAddress address, SSLContext context, Duration timeout) throws IOException {
        Objects.requireNonNull(address, "address");
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            socket.connect(address, timeoutMillis(timeout));
        }
        catch (IOException ex) {
            socket.close();
            throw ex;
        }
        return handshake(socket, timeout);
    }

    private static SSLSocket handshake(SSLSocket socket, Duration timeout) throws IOException {
        try {
            int previousTimeout = socket.getSoTimeout();
            socket.setSoTimeout(timeoutMillis(timeout));
            socket.startHandshake();
            socket.setSoTimeout(previousTimeout);
            return socket;
        }
        catch (IOException ex) {
            socket.close();
            throw ex;
        }
    }

    private static int timeoutMillis(Duration timeout) {
        long millis = Durations.requirePositive(timeout, "timeout").toMillis();
        return (int) Math.min(Math.max(millis, 1), Integer.MAX_VALUE);
    }

    /**
     * The SPIFFE ID of the peer of a completed handshake (already verified and authorized by the trust manager).
     *
     * @throws SSLPeerUnverifiedException if the peer presented no certificate or its certificate has no SPIFFE ID
     */
    public static SpiffeId peerId(SSLSession session) throws SSLPeerUnverifiedException {
        Certificate[] chain = session.getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            throw new SSLPeerUnverifiedException("peer presented no X.509 certificate");
        }
        try {
            return X509SvidProfile.idOf((X509Certificate) chain[0]);
        }
        catch (InvalidX509SvidException ex) {
            throw new SSLPeerUnverifiedException("peer certificate has no SPIFFE ID: " + ex.getMessage());
        }
    }
}
