package dev.spiffeboot.autoconfigure.clientmetadata;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.client.SpiffeWebClients;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;

import static dev.spiffeboot.autoconfigure.clientmetadata.ClientMetadataApplication.SERVICE;

/** The client ID metadata document on WebFlux (Reactor Netty), and a WebClient sending client ID JWTs. */
@SpringBootTest(classes = ClientMetadataApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { ClientMetadataApplication.REACTIVE, "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
                "spiffe.client-metadata.client-id=" + ClientMetadataApplication.CLIENT_ID,
                "spiffe.client-metadata.client-name=Service A", "spiffe.client-metadata.token-lifetime=2m",
                "spiffe.security.policy.rules[0].name=nobody",
                "spiffe.security.policy.rules[0].from[0].principals[0]=spiffe://example.org/nobody" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReactiveClientMetadataTests extends AbstractClientMetadataTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVICE).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVICE).toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    WebClient.Builder webClients;

    @Autowired
    SpiffeWebClients spiffeWebClients;

    @Autowired
    ClientIdJwts jwts;

    @Override
    protected int port() {
        return this.port;
    }

    @Override
    protected DevAgentExtension agent() {
        return agent;
    }

    @Override
    protected ClientIdJwts jwts() {
        return this.jwts;
    }

    @Override
    protected String tokenSentByTheClient(String path) {
        AtomicReference<String> sent = new AtomicReference<>();
        WebClient client = this.webClients.clone()
            .apply(this.spiffeWebClients.mtls(SERVICE))
            .apply(this.spiffeWebClients.clientIdJwtBearer(AUDIENCE))
            .filter((request, next) -> {
                sent.set(request.headers().getFirst(HttpHeaders.AUTHORIZATION).substring("Bearer ".length()));
                return next.exchange(request);
            })
            .baseUrl("https://127.0.0.1:" + this.port)
            .build();
        client.get().uri(path).retrieve().toBodilessEntity().block(Duration.ofSeconds(10));
        return sent.get();
    }
}
