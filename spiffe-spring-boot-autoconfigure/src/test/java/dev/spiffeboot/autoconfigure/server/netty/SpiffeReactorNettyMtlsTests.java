package dev.spiffeboot.autoconfigure.server.netty;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.web.server.WebServer;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerMtlsTests;
import dev.spiffeboot.autoconfigure.testing.HttpsProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded Reactor Netty of a WebFlux application on a random port serving mTLS with the X509-SVID from the dev
 * agent: the suite of every server, and what is particular to WebFlux.
 */
@SpringBootTest(classes = ReactivePeerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { ReactivePeerApplication.REACTIVE, "spiffe.server.enabled=true",
                "spiffe.server.authorized-ids=spiffe://example.org/client",
                "management.endpoints.web.exposure.include=health,metrics", "management.endpoint.health.show-details=always" })
class SpiffeReactorNettyMtlsTests extends AbstractSpiffeServerMtlsTests {

    @Override
    protected Class<? extends WebServer> webServerType() {
        return NettyWebServer.class;
    }

    @Test
    void startedWithoutWarnings(CapturedOutput output) {
        String startUp = output.getAll();
        assertThat(startUp).contains("Netty started on port " + this.port);
        startUp = startUp.substring(0, startUp.indexOf("Netty started on port"));
        assertThat(startUp).doesNotContainPattern("(?m)^\\S+\\s+WARN ").doesNotContain("generated security password");
    }

    @Test
    void aWebFluxControllerSeesTheCallerTheSecurityFound() throws IOException {
        HttpsProbe.Response response = HttpsProbe.get(this.port, "/caller", mtlsAs(client));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(CLIENT);
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
