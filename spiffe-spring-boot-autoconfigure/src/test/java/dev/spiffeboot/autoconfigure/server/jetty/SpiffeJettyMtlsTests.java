package dev.spiffeboot.autoconfigure.server.jetty;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.web.server.WebServer;
import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerMtlsTests;
import dev.spiffeboot.autoconfigure.server.TestWebServers;

import static org.assertj.core.api.Assertions.assertThat;

/** Embedded servlet Jetty on a random port serving mTLS with the X509-SVID from the dev agent. */
@TestPropertySource(properties = TestWebServers.JETTY)
class SpiffeJettyMtlsTests extends AbstractSpiffeServerMtlsTests {

    @Override
    protected Class<? extends WebServer> webServerType() {
        return JettyWebServer.class;
    }

    @Test
    void servesTlsOnlyAndStartedWithoutWarnings(CapturedOutput output) {
        String startUp = output.getAll();
        assertThat(startUp).containsPattern("Jetty started on port \\d+ \\(ssl, http/1.1\\)");
        startUp = startUp.substring(0, startUp.indexOf("Jetty started on port"));
        assertThat(startUp).doesNotContainPattern("(?m)^\\S+\\s+WARN ");
    }

    @Test
    void neverAnswersPlainHttp() throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), this.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /peer HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] answer = readAll(socket.getInputStream());
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/");
        }
    }

    /** What the server sends before it closes the connection (a reset counts as closed). */
    private static byte[] readAll(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        }
        catch (SocketException ex) {
            return new byte[0];
        }
    }
}
