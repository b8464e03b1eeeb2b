package dev.spiffeboot.autoconfigure.server.tomcat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.server.PeerController;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.tls.SpiffeTls;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * Requests Tomcat cannot parse are answered 400 and logged in one line without a stack trace, so nobody can fill
 * the log with them. Each test gets a new Tomcat: Tomcat logs the first parse error of a request processor at INFO
 * and later ones at DEBUG, and processors are reused.
 */
@SpringBootTest(classes = PeerController.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.authorized-ids=spiffe://example.org/client" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
@ExtendWith(OutputCaptureExtension.class)
class MalformedRequestLoggingTests {

    static final String SERVER = "spiffe://example.org/server";

    static final String CLIENT = "spiffe://example.org/client";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    static X509Source client;

    @LocalServerPort
    int port;

    @BeforeAll
    static void clientSource() {
        client = X509Source.builder().address(agent.address(CLIENT)).build();
    }

    @AfterAll
    static void closeSource() {
        client.close();
    }

    @Test
    void anInvalidCharacterInTheRequestTargetIsOneLine(CapturedOutput output) throws IOException {
        String answer = send("GET /peer{x} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertOneLineWithoutStackTrace(output, "Invalid character found in the request target");
    }

    @Test
    void aTooLargeRequestHeaderIsOneLine(CapturedOutput output) throws IOException {
        String answer = send("GET /peer HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + "a".repeat(20_000) + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertOneLineWithoutStackTrace(output, "Request header is too large");
    }

    private static void assertOneLineWithoutStackTrace(CapturedOutput output, String reason) {
        assertThat(output.getOut().lines().filter(line -> line.contains(reason)))
            .singleElement(STRING)
            .contains("INFO")
            .contains("Malformed HTTP request refused with 400");
        assertThat(output.getOut()).doesNotContain("\tat org.apache").doesNotContain("java.lang.IllegalArgumentException");
    }

    private String send(String request) throws IOException {
        try (SSLSocket socket = SpiffeTls.dial(new InetSocketAddress("127.0.0.1", this.port),
                SpiffeSslContexts.mtlsClient(client, client, Authorizer.id(SpiffeId.parse(SERVER))), Duration.ofSeconds(10))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
