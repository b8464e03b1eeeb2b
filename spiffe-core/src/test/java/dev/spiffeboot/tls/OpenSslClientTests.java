package dev.spiffeboot.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.testing.OpenSsl;
import dev.spiffeboot.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * OpenSSL's own client against a SPIFFE mTLS server: TLS 1.2 and 1.3, with and without session tickets, and a
 * second connection that offers the first one's session back, which the server must not resume.
 */
class OpenSslClientTests {

    private static final SpiffeId SERVER = SpiffeId.parse("spiffe://example.org/server");

    private static final SpiffeId CLIENT = SpiffeId.parse("spiffe://example.org/client");

    private final TestCa ca = TestCa.root("example.org");

    private final ExecutorService acceptor = Executors.newSingleThreadExecutor();

    private final List<SpiffeId> verifiedPeers = new CopyOnWriteArrayList<>();

    private SSLServerSocket listener;

    @TempDir
    Path files;

    @BeforeAll
    static void opensslIsInstalled() {
        assumeTrue(OpenSsl.available(), "needs the openssl command (Debian package openssl)");
    }

    @BeforeEach
    void startServer() throws Exception {
        X509Svid serverSvid = this.ca.leaf(SERVER.toString()).svid();
        SSLContext tls = SpiffeSslContexts.mtlsServer(() -> serverSvid, this.ca.bundle(), Authorizer.id(CLIENT));
        this.listener = SpiffeTls.listen(new InetSocketAddress("127.0.0.1", 0), tls);
        this.acceptor.execute(this::serve);
        X509Svid clientSvid = this.ca.leaf(CLIENT.toString()).svid();
        Files.writeString(this.files.resolve("client.pem"), pem("CERTIFICATE", clientSvid.leaf()));
        Files.writeString(this.files.resolve("client.key"), pem("PRIVATE KEY", clientSvid.privateKey().getEncoded()));
        Files.writeString(this.files.resolve("ca.pem"), pem("CERTIFICATE", this.ca.certificate()));
    }

    @AfterEach
    void stopServer() throws Exception {
        this.listener.close();
        this.acceptor.shutdownNow();
        assertThat(this.acceptor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest(name = "{0}, tickets {1}")
    @CsvSource({ "-tls1_2, on", "-tls1_2, off", "-tls1_3, on", "-tls1_3, off" })
    void connectsWithAFullHandshakeEachTimeAndNeverResumes(String protocol, String tickets) throws Exception {
        Path session = this.files.resolve("session.pem");
        OpenSsl.Result first = OpenSsl.connect(client(protocol, tickets, "-sess_out", session.toString()));
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("New, TLSv1." + protocol.charAt(6)).contains("Verify return code: 0 (ok)");
        if (protocol.equals("-tls1_3")) {
            // the server sends no TLS 1.3 ticket, so the client has nothing to offer
            assertThat(session).doesNotExist();
            return;
        }
        // a TLS 1.2 client keeps the session ID, and the ticket when it asked for one, and offers them back
        assertThat(session).exists();
        OpenSsl.Result second = OpenSsl.connect(client(protocol, tickets, "-sess_in", session.toString()));
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("New, TLSv1.2").doesNotContain("Reused,");
        assertThat(this.verifiedPeers).containsExactly(CLIENT, CLIENT);
    }

    private List<String> client(String protocol, String tickets, String... extra) {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + this.listener.getLocalPort(), protocol, "-cert", file("client.pem"), "-key",
                file("client.key"), "-CAfile", file("ca.pem"), "-verify_return_error"));
        if ("off".equals(tickets)) {
            command.add("-no_ticket");
        }
        command.addAll(List.of(extra));
        return command;
    }

    private String file(String name) {
        return this.files.resolve(name).toString();
    }

    /** Each connection: a handshake, the verified peer recorded, then read until the client closes. */
    private void serve() {
        while (!this.listener.isClosed()) {
            try (SSLSocket connection = (SSLSocket) this.listener.accept()) {
                connection.setSoTimeout(10_000);
                connection.startHandshake();
                this.verifiedPeers.add(SpiffeTls.peerId(connection.getSession()));
                InputStream in = connection.getInputStream();
                while (in.read() != -1) {
                    // drain until the client's close_notify
                }
            }
            catch (IOException ex) {
                // a refused handshake or the listener closing: the assertions on verifiedPeers tell
            }
        }
    }

    private static String pem(String type, X509Certificate certificate) throws CertificateEncodingException {
        return OpenSsl.pem(type, certificate.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return OpenSsl.pem(type, der);
    }
}
