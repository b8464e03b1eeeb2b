package dev.spiffeboot.devagent.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.tls.SpiffeTls;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * go-spiffe v2, a third-party implementation, against the dev agent and the Java TLS helpers: it fetches and
 * validates SVIDs from the dev Workload API, and does mTLS with a Java server and to a Java client, with wrong-ID
 * cases failing on both sides.
 */
class GoSpiffeInteropTests {

    private static final String SERVER = "spiffe://example.org/server";

    private static final String CLIENT = "spiffe://example.org/client";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder()
        .identity(SERVER)
        .identity(CLIENT)
        .federatedTrustDomain("partner.org")
        .build();

    @BeforeAll
    static void buildTheGoProgram() throws Exception {
        GoInterop.binary();
    }

    private static Map<String, String> as(String identity) {
        return Map.of("SPIFFE_ENDPOINT_SOCKET", agent.address(identity).toString());
    }

    @Test
    void goSpiffeFetchesAndVerifiesX509SvidsFromTheDevAgent() throws Exception {
        GoInterop.Result result = GoInterop.run(as(SERVER), TIMEOUT, "fetch-x509");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("x509-svid: " + SERVER).contains("bundle: example.org").contains("bundle: partner.org");
    }

    @Test
    void goSpiffeFetchesJwtSvidsThatJavaAndTheAgentValidate() throws Exception {
        GoInterop.Result fetched = GoInterop.run(as(CLIENT), TIMEOUT, "fetch-jwt", "-audience", SERVER);
        assertThat(fetched.exitCode()).as(fetched.stderr()).isZero();
        assertThat(fetched.stdout()).contains("jwt-svid: " + CLIENT);
        String token = fetched.stdout().lines().filter(line -> line.startsWith("token: ")).findFirst().orElseThrow().substring(7);
        try (WorkloadApiClient server = WorkloadApiClient.create(agent.address(SERVER))) {
            assertThat(server.validateJwtSvid(token, SERVER).id()).isEqualTo(SpiffeId.parse(CLIENT));
            String javaToken = server.fetchJwtSvid(List.of(CLIENT)).token();
            GoInterop.Result validated = GoInterop.run(as(CLIENT), TIMEOUT, "validate-jwt", "-audience", CLIENT, "-token", javaToken);
            assertThat(validated.exitCode()).as(validated.stderr()).isZero();
            assertThat(validated.stdout()).contains("valid: " + SERVER + " " + SERVER);
        }
        GoInterop.Result wrongAudience = GoInterop.run(as(SERVER), TIMEOUT, "validate-jwt", "-audience", "spiffe://example.org/other", "-token", token);
        assertThat(wrongAudience.exitCode()).isEqualTo(1);
        assertThat(wrongAudience.stderr()).contains("validate locally").contains("expected audience");
    }

    @Test
    void goClientTalksMtlsToAJavaServer() throws Exception {
        try (X509Source source = X509Source.builder().address(agent.address(SERVER)).build()) {
            SSLContext tls = SpiffeSslContexts.mtlsServer(source, source, Authorizer.id(SpiffeId.parse(CLIENT)));
            try (SSLServerSocket listener = SpiffeTls.listen(new InetSocketAddress("127.0.0.1", 0), tls)) {
                CompletableFuture<String> served = serveOnce(listener);
                GoInterop.Result result = GoInterop.run(as(CLIENT), TIMEOUT, "mtls-client", "-connect",
                        "127.0.0.1:" + listener.getLocalPort(), "-authorize", SERVER);
                assertThat(result.exitCode()).as(result.stderr()).isZero();
                assertThat(result.stdout()).contains("reply: Hello client from " + SERVER);
                assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo("Hello server from " + CLIENT);
            }
        }
    }

    @Test
    void goClientRejectsAJavaServerWithAnotherId() throws Exception {
        try (X509Source source = X509Source.builder().address(agent.address(SERVER)).build()) {
            SSLContext tls = SpiffeSslContexts.mtlsServer(source, source, Authorizer.any());
            try (SSLServerSocket listener = SpiffeTls.listen(new InetSocketAddress("127.0.0.1", 0), tls)) {
                serveOnce(listener);
                GoInterop.Result result = GoInterop.run(as(CLIENT), TIMEOUT, "mtls-client", "-connect",
                        "127.0.0.1:" + listener.getLocalPort(), "-authorize", "spiffe://example.org/other-server");
                assertThat(result.exitCode()).isEqualTo(1);
                assertThat(result.stderr()).contains("unexpected ID \"" + SERVER + "\"");
            }
        }
    }

    @Test
    void javaServerRejectsAGoClientWithAnotherId() throws Exception {
        try (X509Source source = X509Source.builder().address(agent.address(SERVER)).build()) {
            SSLContext tls = SpiffeSslContexts.mtlsServer(source, source, Authorizer.id(SpiffeId.parse("spiffe://example.org/someone-else")));
            try (SSLServerSocket listener = SpiffeTls.listen(new InetSocketAddress("127.0.0.1", 0), tls)) {
                CompletableFuture<String> served = serveOnce(listener);
                GoInterop.Result result = GoInterop.run(as(CLIENT), TIMEOUT, "mtls-client", "-connect",
                        "127.0.0.1:" + listener.getLocalPort(), "-authorize", SERVER);
                assertThat(result.exitCode()).isEqualTo(1);
                assertThatThrownBy(() -> served.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(dev.spiffeboot.svid.x509.InvalidX509SvidException.class)
                    .rootCause()
                    .hasMessageContaining("unexpected ID \"" + CLIENT + "\"");
            }
        }
    }

    @Test
    void javaClientTalksMtlsToAGoServer() throws Exception {
        try (GoInterop.Running server = GoInterop.background(as(SERVER), "mtls-server", "-authorize", CLIENT);
                X509Source source = X509Source.builder().address(agent.address(CLIENT)).build()) {
            InetSocketAddress address = address(server.awaitLine("listening:", TIMEOUT));
            SSLContext tls = SpiffeSslContexts.mtlsClient(source, source, Authorizer.id(SpiffeId.parse(SERVER)));
            try (SSLSocket connection = SpiffeTls.dial(address, tls, Duration.ofSeconds(10))) {
                assertThat(SpiffeTls.peerId(connection.getSession())).isEqualTo(SpiffeId.parse(SERVER));
                assertThat(hello(connection)).isEqualTo("Hello client");
            }
            assertThat(server.awaitLine("received:", TIMEOUT)).isEqualTo("Hello server from " + CLIENT);
        }
    }

    @Test
    void javaClientRejectsAGoServerWithAnotherId() throws Exception {
        try (GoInterop.Running server = GoInterop.background(as(SERVER), "mtls-server", "-authorize", CLIENT);
                X509Source source = X509Source.builder().address(agent.address(CLIENT)).build()) {
            InetSocketAddress address = address(server.awaitLine("listening:", TIMEOUT));
            SSLContext tls = SpiffeSslContexts.mtlsClient(source, source, Authorizer.id(SpiffeId.parse("spiffe://example.org/other-server")));
            assertThatThrownBy(() -> SpiffeTls.dial(address, tls, Duration.ofSeconds(10))).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("unexpected ID \"" + SERVER + "\"");
        }
    }

    @Test
    void goServerRejectsAJavaClientWithAnotherId() throws Exception {
        try (GoInterop.Running server = GoInterop.background(as(SERVER), "mtls-server", "-authorize", "spiffe://example.org/someone-else");
                X509Source source = X509Source.builder().address(agent.address(CLIENT)).build()) {
            InetSocketAddress address = address(server.awaitLine("listening:", TIMEOUT));
            SSLContext tls = SpiffeSslContexts.mtlsClient(source, source, Authorizer.id(SpiffeId.parse(SERVER)));
            assertThatThrownBy(() -> {
                try (SSLSocket connection = SpiffeTls.dial(address, tls, Duration.ofSeconds(10))) {
                    hello(connection);
                }
            }).isInstanceOf(IOException.class);
            assertThat(server.awaitLine("rejected:", TIMEOUT)).contains("unexpected ID \"" + CLIENT + "\"");
        }
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static CompletableFuture<String> serveOnce(SSLServerSocket listener) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                listener.setSoTimeout(30_000);
                try (SSLSocket connection = SpiffeTls.accept(listener, Duration.ofSeconds(10))) {
                    SpiffeId peer = SpiffeTls.peerId(connection.getSession());
                    BufferedReader reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
                    String line = reader.readLine();
                    connection.getOutputStream().write("Hello client\n".getBytes(StandardCharsets.UTF_8));
                    connection.getOutputStream().flush();
                    return line + " from " + peer;
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    private static String hello(SSLSocket connection) throws IOException {
        connection.setSoTimeout(10_000);
        connection.getOutputStream().write("Hello server\n".getBytes(StandardCharsets.UTF_8));
        connection.getOutputStream().flush();
        return new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
}
