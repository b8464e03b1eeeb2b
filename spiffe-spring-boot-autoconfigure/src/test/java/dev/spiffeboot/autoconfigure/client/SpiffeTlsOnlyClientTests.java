package dev.spiffeboot.autoconfigure.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.spiffeboot.devagent.junit.DevAgentExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A RestClient that authenticates the server by its SVID, presents no certificate and sends a JWT-SVID instead. */
@SpringBootTest(classes = ClientTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=optional",
                "spiffe.jwt.audiences=spiffe://example.org/api" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SpiffeTlsOnlyClientTests {

    private static final String SERVICE = "spiffe://example.org/service";

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
    SpiffeRestClients spiffeRestClients;

    private String get(RestClient client, String path) {
        return client.get().uri(path).header(HttpHeaders.CONNECTION, "close").retrieve().body(String.class);
    }

    @Test
    void presentsNoCertificateAndAuthenticatesWithTheJwtSvid() {
        RestClient client = this.restClientBuilder.clone()
            .apply(this.spiffeRestClients.tls(SERVICE))
            .apply(this.spiffeRestClients.jwtBearer("spiffe://example.org/api"))
            .baseUrl("https://127.0.0.1:" + this.port)
            .build();
        assertThat(get(client, "/peer")).isEqualTo("none");
        assertThat(get(client, "/bearer")).startsWith(SERVICE + " [spiffe://example.org/api] ");
    }

    @Test
    void refusesAServerWithAnotherId() {
        RestClient client = this.restClientBuilder.clone()
            .apply(this.spiffeRestClients.tls("spiffe://example.org/someone-else"))
            .baseUrl("https://127.0.0.1:" + this.port)
            .build();
        assertThatThrownBy(() -> get(client, "/peer")).hasStackTraceContaining("unexpected ID \"" + SERVICE + "\"");
    }
}
