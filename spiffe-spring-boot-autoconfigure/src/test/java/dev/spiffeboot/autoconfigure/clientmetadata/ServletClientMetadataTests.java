package dev.spiffeboot.autoconfigure.clientmetadata;

import java.util.concurrent.atomic.AtomicReference;

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
import dev.spiffeboot.security.client.SpiffeRestClients;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;

import static dev.spiffeboot.autoconfigure.clientmetadata.ClientMetadataApplication.SERVICE;

/** The client ID metadata document on Tomcat, and a RestClient sending client ID JWTs. */
@SpringBootTest(classes = ClientMetadataApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
                "spiffe.client-metadata.client-id=" + ClientMetadataApplication.CLIENT_ID,
                "spiffe.client-metadata.client-name=Service A", "spiffe.client-metadata.token-lifetime=2m",
                "spiffe.security.policy.rules[0].name=nobody",
                "spiffe.security.policy.rules[0].from[0].principals[0]=spiffe://example.org/nobody" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ServletClientMetadataTests extends AbstractClientMetadataTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVICE).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVICE).toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    RestClient.Builder restClients;

    @Autowired
    SpiffeRestClients spiffeRestClients;

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
        RestClient client = this.restClients.clone()
            .apply(this.spiffeRestClients.mtls(SERVICE))
            .apply(this.spiffeRestClients.clientIdJwtBearer(AUDIENCE))
            .requestInterceptor((request, body, execution) -> {
                sent.set(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION).substring("Bearer ".length()));
                return execution.execute(request, body);
            })
            .baseUrl("https://127.0.0.1:" + this.port)
            .build();
        client.get().uri(path).retrieve().toBodilessEntity();
        return sent.get();
    }
}
