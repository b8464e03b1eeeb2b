package dev.spiffeboot.autoconfigure.tokenendpoint;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatusCode;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.spiffeboot.autoconfigure.server.LocalPorts;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.client.SpiffeRestClients;
import dev.spiffeboot.security.client.SpiffeWebClients;

import static dev.spiffeboot.autoconfigure.tokenendpoint.TokenEndpointApplication.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The client customizers' access tokens as an application configures them: the trusted authorization servers of
 * {@code spiffe.oauth2.client}, here the service itself (its own token endpoint, reached over SPIFFE mTLS and
 * discovered from its metadata), for RestClient and WebClient.
 */
@SpringBootTest(classes = TokenEndpointApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want", "spiffe.security.token-endpoint.enabled=true",
                "spiffe.client-metadata.client-id=https://service-a.example.com/.well-known/cimd.json" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OAuth2ClientCustomizersTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVICE).build();

    private static final int PORT = LocalPorts.freeForField();

    private static final String ISSUER = "https://127.0.0.1:" + PORT;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVICE).toString());
        registry.add("server.port", () -> PORT);
        registry.add("spiffe.security.token-endpoint.issuer", () -> ISSUER);
        registry.add("spiffe.security.resource-metadata.resource", () -> ISSUER);
        registry.add("spiffe.security.resource-metadata.authorization-servers", () -> ISSUER);
        // a list binds from one property source: both fields here
        registry.add("spiffe.oauth2.client.authorization-servers[0].issuer", () -> ISSUER);
        registry.add("spiffe.oauth2.client.authorization-servers[0].spiffe-id", () -> SERVICE);
    }

    @Autowired
    RestClient.Builder restClients;

    @Autowired
    WebClient.Builder webClients;

    @Autowired
    SpiffeRestClients spiffeRestClients;

    @Autowired
    SpiffeWebClients spiffeWebClients;

    @Test
    void aRestClientGetsItsTokenFromTheConfiguredServerWhenTheResourceAsks() {
        RestClient client = this.restClients.clone()
            .apply(this.spiffeRestClients.tls(SERVICE))
            .apply(this.spiffeRestClients.accessTokens())
            .baseUrl(ISSUER)
            .build();
        assertThat(client.get().uri("/whoami").retrieve().body(String.class)).isEqualTo("JWT_SVID " + SERVICE + " " + ISSUER);
    }

    @Test
    void aWebClientGetsItsTokenFromTheConfiguredServerWhenTheResourceAsks() {
        WebClient client = this.webClients.clone()
            .apply(this.spiffeWebClients.tls(SERVICE))
            .apply(this.spiffeWebClients.accessTokens())
            .baseUrl(ISSUER)
            .build();
        assertThat(client.get().uri("/whoami").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(20)))
            .isEqualTo("JWT_SVID " + SERVICE + " " + ISSUER);
    }

    @Test
    void aClientToldTheIssuerSendsAnAccessTokenFromTheFirstRequestOn() {
        RestClient client = this.restClients.clone()
            .apply(this.spiffeRestClients.tls(SERVICE))
            .apply(this.spiffeRestClients.accessTokensFrom(ISSUER, ISSUER))
            // a resource answering 401 would be asked again: this one must not need to
            .requestInterceptor((request, body, execution) -> {
                assertThat(request.getHeaders().getFirst("Authorization")).startsWith("Bearer ");
                return execution.execute(request, body);
            })
            .baseUrl(ISSUER)
            .build();
        assertThat(client.get().uri("/whoami").retrieve().toEntity(String.class))
            .satisfies(entity -> assertThat(entity.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(200)))
            .satisfies(entity -> assertThat(entity.getBody()).isEqualTo("JWT_SVID " + SERVICE + " " + ISSUER));
    }

    @Test
    void anIssuerThatIsNotTrustedCannotBeNamed() {
        assertThatIllegalStateException().isThrownBy(() -> this.spiffeRestClients.accessTokensFrom("https://as.example.com", ISSUER))
            .withMessage("https://as.example.com is not a trusted authorization server");
    }
}
