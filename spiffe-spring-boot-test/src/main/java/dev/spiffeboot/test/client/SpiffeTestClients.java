package dev.spiffeboot.test.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import org.springframework.context.ApplicationContext;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.spiffeboot.test.agent.SpiffeTestAgent;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.BundleSource;

/**
 * Clients of the application under test ({@code @SpringBootTest(webEnvironment = RANDOM_PORT)} with
 * {@code spiffe.server.enabled=true}) that call it over SPIFFE mTLS as a workload of your choice: they present an
 * X509-SVID of that SPIFFE ID minted by the {@link SpiffeTestAgent}, and accept only the application's SVID. A bean of
 * every context with a test agent.
 *
 * <pre>{@code
 * @Autowired
 * SpiffeTestClients clients;
 *
 * clients.restTestClient("spiffe://example.org/frontend").get().uri("/orders").exchange().expectStatus().isOk();
 * }</pre>
 */
public final class SpiffeTestClients {

    /** The name of its bean in the application context. */
    public static final String BEAN_NAME = "spiffeTestClients";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContext context;

    /** Clients of the application of the context, which must hold a {@link SpiffeTestAgent}. */
    public SpiffeTestClients(ApplicationContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * A TLS context that presents an X509-SVID of the SPIFFE ID (minted now, valid for the agent's X509-SVID TTL) and
     * trusts only the application's SPIFFE ID under the bundles the application itself receives.
     */
    public SSLContext sslContext(String spiffeId) {
        SpiffeTestAgent agent = SpiffeTestAgent.of(this.context);
        BundleSource bundles = this.context.getBean(BundleSource.class);
        return SpiffeSslContexts.mtlsClient(agent.mintX509Svid(spiffeId), bundles, Authorizer.id(agent.spiffeId()));
    }

    /**
     * {@code https://localhost:<port>} of the running application.
     *
     * @throws IllegalStateException if no server runs (the test is not a {@code RANDOM_PORT} or
     * {@code DEFINED_PORT} one)
     */
    public String baseUrl() {
        String port = this.context.getEnvironment().getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("No server of the application runs: use @SpringBootTest(webEnvironment = RANDOM_PORT)");
        }
        return "https://localhost:" + port;
    }

    /** A {@link RestTestClient} of the running application, calling as the SPIFFE ID. */
    public RestTestClient restTestClient(String spiffeId) {
        return RestTestClient.bindToServer(new JdkClientHttpRequestFactory(httpClient(spiffeId))).baseUrl(baseUrl()).build();
    }

    /** A {@link WebTestClient} of the running application, calling as the SPIFFE ID (needs spring-webflux). */
    public WebTestClient webTestClient(String spiffeId) {
        return WebTestClient.bindToServer(new JdkClientHttpConnector(httpClient(spiffeId))).baseUrl(baseUrl()).build();
    }

    private HttpClient httpClient(String spiffeId) {
        return HttpClient.newBuilder().sslContext(sslContext(spiffeId)).connectTimeout(CONNECT_TIMEOUT).build();
    }
}
