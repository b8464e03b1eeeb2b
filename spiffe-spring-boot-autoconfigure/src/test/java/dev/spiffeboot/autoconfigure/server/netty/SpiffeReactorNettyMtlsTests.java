package dev.spiffeboot.autoconfigure.server.netty;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.web.server.WebServer;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServletServerMtlsTests;
import dev.spiffeboot.autoconfigure.server.SpiffeServerException;
import dev.spiffeboot.autoconfigure.testing.HttpsProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded Reactor Netty of a WebFlux application on a random port serving mTLS with the X509-SVID from the dev
 * agent: the servlet servers' suite, and what is particular to WebFlux.
 */
@SpringBootTest(classes = ReactivePeerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { ReactivePeerApplication.REACTIVE, "spiffe.server.enabled=true",
                "spiffe.server.authorized-ids=spiffe://example.org/client",
                "management.endpoints.web.exposure.include=health,metrics", "management.endpoint.health.show-details=always" })
class SpiffeReactorNettyMtlsTests extends AbstractSpiffeServletServerMtlsTests {

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

    @Test
    void refusesServerSslNextToSpiffe(CapturedOutput output) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        SpringApplication application = new SpringApplication(ReactivePeerApplication.class);
        application.setWebApplicationType(WebApplicationType.REACTIVE);
        int refusedPort = port;
        assertThatThrownBy(() -> application.run("--spiffe.server.enabled=true", "--server.address=127.0.0.1",
                "--server.port=" + refusedPort, "--server.ssl.bundle=mine",
                "--spiffe.workload-api.address=" + agent.address(SERVER)).close())
            .rootCause()
            .isInstanceOfSatisfying(SpiffeServerException.class,
                    refused -> assertThat(refused.reason()).isEqualTo(SpiffeServerException.Reason.CONFLICTING_SETTING));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("remove server.ssl.bundle")
            .contains("Remove the server.ssl.* properties");
        assertThatThrownBy(() -> new Socket(InetAddress.getByName("127.0.0.1"), refusedPort).close()).isInstanceOf(IOException.class);
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
