package dev.spiffeboot.sample.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.tls.SpiffeTls;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Scenario 3, a raw mTLS socket as in go-spiffe's spiffe-tls example: reads "Hello server" from the authorized
 * client, logs it and answers "Hello client". One connection at a time, which is all the demo needs.
 */
class HelloSocketServer implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(HelloSocketServer.class);

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final X509Source source;

    private final HelloSocketProperties properties;

    private volatile SSLServerSocket listener;

    private Thread acceptor;

    HelloSocketServer(X509Source source, HelloSocketProperties properties) {
        this.source = source;
        this.properties = properties;
    }

    @Override
    public void start() {
        Authorizer client = Authorizer.id(SpiffeId.parse(this.properties.authorizedId()));
        try {
            this.listener = SpiffeTls.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.properties.port()),
                    SpiffeSslContexts.mtlsServer(this.source, this.source, client));
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot listen on port " + this.properties.port() + ": " + ex.getMessage(), ex);
        }
        logger.info("Raw mTLS socket listening on 127.0.0.1:" + port() + " for " + this.properties.authorizedId());
        this.acceptor = new Thread(this::serve, "hello-socket");
        this.acceptor.start();
    }

    /** The port the socket listens on. */
    int port() {
        return this.listener.getLocalPort();
    }

    private void serve() {
        while (!this.listener.isClosed()) {
            try (SSLSocket socket = SpiffeTls.accept(this.listener, HANDSHAKE_TIMEOUT)) {
                socket.setSoTimeout(10_000);
                converse(socket);
            }
            catch (SocketException ex) {
                if (!this.listener.isClosed()) {
                    logger.warn("Raw mTLS socket: " + ex.getMessage());
                }
            }
            catch (IOException ex) {
                logger.warn("Raw mTLS socket: connection refused or broken: " + ex.getMessage());
            }
        }
    }

    private void converse(SSLSocket socket) throws IOException {
        SpiffeId peer = SpiffeTls.peerId(socket.getSession());
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String message = in.readLine();
        logger.info("Raw mTLS socket: " + peer + " says: " + message);
        OutputStream out = socket.getOutputStream();
        out.write("Hello client\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void stop() {
        try {
            if (this.listener != null) {
                this.listener.close();
            }
            if (this.acceptor != null) {
                this.acceptor.join(5_000);
            }
        }
        catch (IOException ex) {
            logger.warn("Raw mTLS socket: " + ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return this.listener != null && !this.listener.isClosed();
    }
}
