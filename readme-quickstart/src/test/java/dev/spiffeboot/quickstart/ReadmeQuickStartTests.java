package dev.spiffeboot.quickstart;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.client.RestClient;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The README's Spring Boot quick start, from the README's own snippets: {@code orders} and {@code frontend} are
 * compiled as written, started on the dev Workload API with only its address and a random port given on the command
 * line, and called over mTLS.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadmeQuickStartTests {

    static final String ORDERS = "spiffe://example.org/orders";

    static final String FRONTEND = "spiffe://example.org/frontend";

    static final String OTHER = "spiffe://example.org/other";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(ORDERS).identity(FRONTEND).identity(OTHER).build();

    @TempDir
    static Path work;

    static Map<String, Snippet> snippets;

    static SnippetApplication orders;

    static SnippetApplication frontend;

    static int ordersPort;

    static RestClient frontendsOrdersClient;

    @BeforeAll
    static void startTheQuickStartApplications() throws Exception {
        // surefire runs in the module's directory
        snippets = ReadmeSnippets.section(Path.of("..", "README.md"), "## Spring Boot quick start", "quickstart");
        orders = SnippetApplication.compile(work.resolve("orders"), snippetsOf("orders"));
        WebServerApplicationContext ordersContext = (WebServerApplicationContext) orders
            .run("--spiffe.workload-api.address=" + agent.address(ORDERS), "--server.port=0");
        ordersPort = ordersContext.getWebServer().getPort();
        frontend = SnippetApplication.compile(work.resolve("frontend"), snippetsOf("frontend"));
        frontendsOrdersClient = frontend
            .run("--spiffe.workload-api.address=" + agent.address(FRONTEND), "--server.port=0")
            .getBean("orders", RestClient.class);
    }

    private static List<Snippet> snippetsOf(String application) {
        List<Snippet> of = snippets.values().stream().filter(snippet -> snippet.application().equals(application)).toList();
        assertThat(of).as("README snippets of " + application).extracting(Snippet::fileName).contains("application.yml");
        return of;
    }

    @AfterAll
    static void stop() throws IOException {
        if (frontend != null) {
            frontend.close();
        }
        if (orders != null) {
            orders.close();
        }
    }

    @Test
    void theSectionHasTheDependenciesAndBothApplications() {
        assertThat(snippets).containsOnlyKeys("pom.xml", "orders/application.yml", "orders/OrdersController.java",
                "frontend/application.yml", "frontend/OrdersClientConfiguration.java");
    }

    @Test
    void listsTheDependenciesTheApplicationsAreBuiltWith() throws Exception {
        Set<String> listed = PomDependencies.ofSnippet(snippets.get("pom.xml"), null);
        Set<String> built = PomDependencies.of(Files.readAllBytes(Path.of("pom.xml")), null);
        assertThat(listed).isEqualTo(built);
    }

    @Test
    void ordersAnswersTheAllowedClientWithItsId() throws Exception {
        try (X509Source source = X509Source.builder().address(agent.address(FRONTEND)).build()) {
            HttpResponse<String> response = get("/orders", mtls(source));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("orders for " + FRONTEND);
        }
    }

    @Test
    void ordersRefusesAnotherWorkloadDuringTheHandshake(CapturedOutput output) {
        try (X509Source source = X509Source.builder().address(agent.address(OTHER)).build()) {
            assertThatThrownBy(() -> get("/orders", mtls(source))).isInstanceOf(IOException.class);
        }
        assertThat(output).contains("Rejected TLS client: unexpected ID \"" + OTHER + "\"");
    }

    @Test
    void frontendsRestClientCallsOrdersWithMtlsAndAJwtSvid() {
        // the snippet's base URL names the host "orders"; here orders listens on 127.0.0.1, so the URI is absolute
        String body = frontendsOrdersClient.get()
            .uri("https://127.0.0.1:{port}/orders", ordersPort)
            .retrieve()
            .body(String.class);
        assertThat(body).isEqualTo("orders for " + FRONTEND);
    }

    private static SSLContext mtls(X509Source source) {
        return SpiffeSslContexts.mtlsClient(source, source, Authorizer.id(SpiffeId.parse(ORDERS)));
    }

    private static HttpResponse<String> get(String path, SSLContext tls) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ordersPort + path))
            .timeout(Duration.ofSeconds(10))
            .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
