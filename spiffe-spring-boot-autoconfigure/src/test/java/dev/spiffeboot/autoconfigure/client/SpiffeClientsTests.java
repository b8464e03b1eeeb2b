package dev.spiffeboot.autoconfigure.client;

import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.devagent.junit.Eventually;
import dev.spiffeboot.security.client.SpiffeRestClients;
import dev.spiffeboot.security.client.SpiffeWebClients;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RestClient and WebClient calling the Tomcat of the same application (the app trusts its own ID), through
 * {@link SpiffeRestClients} and {@link SpiffeWebClients}: mTLS, and TLS without a client certificate for JWT-SVID
 * callers (client certificates are optional on the server, so both kinds of client reach it).
 */
@SpringBootTest(classes = ClientTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
                "spiffe.server.authorized-ids=spiffe://example.org/service", "spiffe.jwt.audiences=spiffe://example.org/api" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SpiffeClientsTests {

    private static final String SERVICE = "spiffe://example.org/service";

    private static final String API = "spiffe://example.org/api";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVICE).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVICE).toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    RestClient.Builder restClientBuilder;

    @Autowired
    WebClient.Builder webClientBuilder;

    @Autowired
    SpiffeRestClients spiffeRestClients;

    @Autowired
    SpiffeWebClients spiffeWebClients;

    @Autowired
    X509Source source;

    private RestClient restClient(java.util.function.Consumer<RestClient.Builder> spiffe) {
        return this.restClientBuilder.clone().apply(spiffe).baseUrl("https://127.0.0.1:" + this.port).build();
    }

    private String get(RestClient client, String path) {
        // a new connection each time, so each request runs a handshake
        return client.get().uri(path).header(HttpHeaders.CONNECTION, "close").retrieve().body(String.class);
    }

    @Test
    void restClientPresentsTheSvidAndAcceptsTheServersId() {
        RestClient client = restClient(this.spiffeRestClients.mtls(SERVICE));
        assertThat(get(client, "/peer")).startsWith(SERVICE + " ");
        assertThat(get(restClient(this.spiffeRestClients.mtls()), "/peer")).startsWith(SERVICE + " ");
    }

    @Test
    void restClientRefusesAServerWithAnotherId() {
        RestClient client = restClient(this.spiffeRestClients.mtls("spiffe://example.org/someone-else"));
        assertThatThrownBy(() -> get(client, "/peer")).hasStackTraceContaining("unexpected ID \"" + SERVICE + "\"");
    }

    @Test
    void restClientPresentsTheRotatedSvidOnItsNextConnection() throws Exception {
        RestClient client = restClient(this.spiffeRestClients.mtls(SERVICE));
        BigInteger before = serial(get(client, "/peer"));
        agent.agent().rotateX509Svids();
        BigInteger rotated = agent.agent().currentX509Svid(SpiffeId.parse(SERVICE)).leaf().getSerialNumber();
        AtomicReference<BigInteger> seen = new AtomicReference<>(before);
        Eventually.within(Duration.ofSeconds(5), "the rotated SVID on a new connection",
                () -> seen.updateAndGet(previous -> serial(get(client, "/peer"))).equals(rotated));
        assertThat(seen.get()).isNotEqualTo(before).isEqualTo(rotated);
        assertThat(this.source.x509Svid().leaf().getSerialNumber()).isEqualTo(rotated);
    }

    @Test
    void restClientSendsCachedJwtSvidsForTheAudience() {
        RestClient client = this.restClientBuilder.clone()
            .apply(this.spiffeRestClients.mtls(SERVICE))
            .apply(this.spiffeRestClients.jwtBearer(API))
            .baseUrl("https://127.0.0.1:" + this.port)
            .build();
        String first = get(client, "/bearer");
        assertThat(first).startsWith(SERVICE + " [" + API + "] ");
        assertThat(get(client, "/bearer")).isEqualTo(first);
    }

    @Test
    void theBearerLeavesAnExplicitAuthorizationHeaderAlone() {
        RestClient client = this.restClientBuilder.clone()
            .apply(this.spiffeRestClients.mtls(SERVICE))
            .apply(this.spiffeRestClients.jwtBearer(API))
            .baseUrl("https://127.0.0.1:" + this.port)
            .build();
        assertThat(client.get().uri("/bearer").header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz").retrieve().body(String.class))
            .isEqualTo("no bearer: Basic dXNlcjpwYXNz");
    }

    @Test
    void webClientDoesMtlsAndJwtBearer() {
        WebClient client = this.webClientBuilder.clone()
            .apply(this.spiffeWebClients.mtls(SERVICE))
            .apply(this.spiffeWebClients.jwtBearer(API))
            .baseUrl("https://127.0.0.1:" + this.port)
            .build();
        assertThat(client.get().uri("/peer").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10))).startsWith(SERVICE + " ");
        assertThat(client.get().uri("/bearer").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)))
            .startsWith(SERVICE + " [" + API + "] ");
        WebClient wrongServer = this.webClientBuilder.clone()
            .apply(this.spiffeWebClients.mtls("spiffe://example.org/someone-else"))
            .baseUrl("https://127.0.0.1:" + this.port)
            .build();
        assertThatThrownBy(() -> wrongServer.get().uri("/peer").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)))
            .hasStackTraceContaining("unexpected ID \"" + SERVICE + "\"");
    }

    @Test
    void tlsPresentsNoCertificateAndAuthenticatesWithTheJwtSvid() {
        RestClient client = this.restClientBuilder.clone()
            .apply(this.spiffeRestClients.tls(SERVICE))
            .apply(this.spiffeRestClients.jwtBearer(API))
            .baseUrl("https://127.0.0.1:" + this.port)
            .build();
        assertThat(get(client, "/peer")).isEqualTo("none");
        assertThat(get(client, "/bearer")).startsWith(SERVICE + " [" + API + "] ");
    }

    @Test
    void tlsRefusesAServerWithAnotherId() {
        RestClient client = restClient(this.spiffeRestClients.tls("spiffe://example.org/someone-else"));
        assertThatThrownBy(() -> get(client, "/peer")).hasStackTraceContaining("unexpected ID \"" + SERVICE + "\"");
    }

    @Test
    void aWorkloadWithoutAnX509SvidCallsOverTlsWithJwtSvids() {
        try (ConfigurableApplicationContext jwtOnly = new SpringApplicationBuilder(JwtOnlyClient.class)
            .web(WebApplicationType.NONE)
            .properties("spiffe.workload-api.address=" + agent.address(SERVICE), "spiffe.workload-api.fetch-x509-svid=false",
                    "spiffe.security.enabled=false")
            .run()) {
            assertThat(jwtOnly.getBeanProvider(X509Source.class).getIfAvailable()).isNull();
            SpiffeRestClients clients = jwtOnly.getBean(SpiffeRestClients.class);
            RestClient client = jwtOnly.getBean(RestClient.Builder.class)
                .apply(clients.tls(SERVICE))
                .apply(clients.jwtBearer(API))
                .baseUrl("https://127.0.0.1:" + this.port)
                .build();
            assertThat(get(client, "/peer")).isEqualTo("none");
            assertThat(get(client, "/bearer")).startsWith(SERVICE + " [" + API + "] ");
            assertThatThrownBy(() -> clients.mtls(SERVICE)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("mTLS needs this workload's X509-SVID");
        }
    }

    /** A client application without a web server that fetches no X509-SVID. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class JwtOnlyClient {
    }

    private static BigInteger serial(String peer) {
        return new BigInteger(peer.substring(peer.indexOf(' ') + 1));
    }
}
