package dev.spiffeboot.autoconfigure.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.autoconfigure.testing.UntrustedCa;
import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.testing.OpenSsl;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An embedded server on a random port serving mTLS with the X509-SVID from the dev agent: the same tests for each
 * server the starter secures, which a subclass chooses as {@link TestWebServers} says and names
 * ({@link #webServerType()}). The Reactor Netty subclass declares its own {@code @SpringBootTest} with a WebFlux
 * application that answers {@code GET /peer} alike.
 */
@SpringBootTest(classes = PeerController.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.authorized-ids=spiffe://example.org/client",
                "management.endpoints.web.exposure.include=health,metrics", "management.endpoint.health.show-details=always" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
public abstract class AbstractSpiffeServerMtlsTests {

    protected static final String SERVER = "spiffe://example.org/server";

    protected static final String CLIENT = "spiffe://example.org/client";

    static final String INTRUDER = "spiffe://example.org/intruder";

    @RegisterExtension
    protected static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).identity(INTRUDER).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    protected static X509Source client;

    static X509Source intruder;

    @LocalServerPort
    protected int port;

    @Autowired
    WebServerApplicationContext context;

    /** The server the subclass runs the tests on. */
    protected abstract Class<? extends WebServer> webServerType();

    @BeforeAll
    static void clientSources() {
        client = X509Source.builder().address(agent.address(CLIENT)).build();
        intruder = X509Source.builder().address(agent.address(INTRUDER)).build();
    }

    @AfterAll
    static void closeSources() {
        client.close();
        intruder.close();
    }

    protected static SSLContext mtlsAs(X509Source source) {
        return SpiffeSslContexts.mtlsClient(source, source, Authorizer.id(SpiffeId.parse(SERVER)));
    }

    @Test
    void runsOnTheChosenServer() {
        assertThat(this.context.getWebServer()).isInstanceOf(webServerType());
    }

    @Test
    void acceptsTheAuthorizedClientAndPresentsTheServerSvid() throws IOException {
        HttpsProbe.Response response = HttpsProbe.get(this.port, "/peer", mtlsAs(client));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(CLIENT);
        assertThat(response.serverSerial()).isEqualTo(agent.agent().currentX509Svid(SpiffeId.parse(SERVER)).leaf().getSerialNumber());
    }

    @Test
    void actuatorReportsSpiffeHealthAndMetricsOverMtls() throws IOException {
        HttpsProbe.Response health = HttpsProbe.get(this.port, "/actuator/health/spiffe", mtlsAs(client));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"spiffeId\":\"" + SERVER + "\"").contains("svidExpiresAt");
        HttpsProbe.Response expiry = HttpsProbe.get(this.port, "/actuator/metrics/spiffe.svid.expiry", mtlsAs(client));
        assertThat(expiry.status()).isEqualTo(200);
        assertThat(expiry.body()).contains("\"baseUnit\":\"seconds\"").contains("\"statistic\":\"VALUE\"");
        HttpsProbe.Response chainExpiry = HttpsProbe.get(this.port, "/actuator/metrics/ssl.chain.expiry?tag=bundle:spiffe",
                mtlsAs(client));
        assertThat(chainExpiry.status()).isEqualTo(200);
        assertThat(chainExpiry.body()).contains("\"name\":\"ssl.chain.expiry\"");
        HttpsProbe.Response sslHealth = HttpsProbe.get(this.port, "/actuator/health/ssl", mtlsAs(client));
        assertThat(sslHealth.body()).contains("\"status\":\"UP\"");
    }

    @ParameterizedTest(name = "{0}, tickets {1}")
    @CsvSource({ "-tls1_2, on", "-tls1_2, off", "-tls1_3, on", "-tls1_3, off" })
    void servesOpenSslClientsWithAndWithoutSessionTickets(String protocol, String tickets, @TempDir Path directory)
            throws Exception {
        assumeTrue(OpenSsl.available(), "needs the openssl command (Debian package openssl)");
        X509Svid svid = client.x509Svid();
        Path certificate = Files.writeString(directory.resolve("client.pem"), OpenSsl.pem("CERTIFICATE", svid.leaf().getEncoded()));
        Path key = Files.writeString(directory.resolve("client.key"), OpenSsl.pem("PRIVATE KEY", svid.privateKey().getEncoded()));
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-quiet", "-connect", "127.0.0.1:" + this.port,
                protocol, "-cert", certificate.toString(), "-key", key.toString()));
        if ("off".equals(tickets)) {
            command.add("-no_ticket");
        }
        OpenSsl.Result result = OpenSsl.connect(command, "GET /peer HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        // the body, whole (Content-Length); OpenSSL may add a line of its own when the server closes without close_notify
        assertThat(result.output()).contains("HTTP/1.1 200").contains("\r\n\r\n" + CLIENT);
    }

    @Test
    void rejectsAClientWithAnotherIdDuringTheHandshake(CapturedOutput output) {
        assertThatThrownBy(() -> HttpsProbe.get(this.port, "/peer", mtlsAs(intruder))).isInstanceOf(IOException.class);
        assertThat(output).contains("Rejected TLS client: unexpected ID \"" + INTRUDER + "\"");
    }

    @Test
    void rejectsAClientWithoutCertificate() {
        SSLContext noCertificate = SpiffeSslContexts.tlsClient(client, Authorizer.id(SpiffeId.parse(SERVER)));
        assertThatThrownBy(() -> HttpsProbe.get(this.port, "/peer", noCertificate)).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsAClientFromAnUntrustedCa(@TempDir Path directory, CapturedOutput output) throws Exception {
        try (DevAgent other = UntrustedCa.agent(directory, CLIENT);
                X509Source impostor = X509Source.builder().address(other.address(0)).build()) {
            SSLContext tls = SpiffeSslContexts.mtlsClient(impostor, client, Authorizer.id(SpiffeId.parse(SERVER)));
            assertThatThrownBy(() -> HttpsProbe.get(this.port, "/peer", tls)).isInstanceOf(IOException.class);
        }
        assertThat(output).contains("Rejected TLS client: certificate of \"" + CLIENT + "\" does not verify against the X.509 bundle");
    }

    @Test
    void aClientRefusesTheServerWhenItExpectsAnotherId() {
        SSLContext wrongServer = SpiffeSslContexts.mtlsClient(client, client, Authorizer.id(SpiffeId.parse("spiffe://example.org/other")));
        assertThatThrownBy(() -> HttpsProbe.get(this.port, "/peer", wrongServer)).isInstanceOf(IOException.class)
            .hasMessageContaining("unexpected ID \"" + SERVER + "\"");
    }
}
