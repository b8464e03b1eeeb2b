package dev.spiffeboot.autoconfigure.security;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.config.SpiffeServerHttpSecurity;
import dev.spiffeboot.security.web.server.ServerPeerIdentityResolver;
import dev.spiffeboot.security.web.server.access.SpiffeServerRequestPolicy;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.CLIENT;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application's own {@link SecurityWebFilterChain}: the SPIFFE chain steps aside, and the DSL brings the
 * SPIFFE authentication into the application's chain with the auto-configured parts.
 */
@SpringBootTest(classes = ReactiveUserFilterChainTests.Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { ReactiveSecurityTestApplication.REACTIVE, "spiffe.server.enabled=true", "spiffe.server.client-auth=want" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReactiveUserFilterChainTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    @Import(ReactiveSecurityTestApplication.class)
    static class Application {

        @Bean
        SecurityWebFilterChain api(ServerHttpSecurity http, ServerPeerIdentityResolver peers, BearerTokenAuthenticator tokens,
                SpiffeServerRequestPolicy policy) {
            SpiffeServerHttpSecurity.spiffe().peerIdentityResolver(peers).bearerTokenAuthenticator(tokens).customize(http);
            http.authorizeExchange(exchanges -> exchanges.pathMatchers("/secret").permitAll().anyExchange().access(policy));
            return http.build();
        }
    }

    static X509Source client;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @BeforeAll
    static void sources() {
        client = X509Source.builder().address(agent.address(CLIENT)).build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void theApplicationsChainReplacesTheSpiffeOne() throws IOException {
        assertThat(this.context.getBeansOfType(SecurityWebFilterChain.class)).containsOnlyKeys("api");
        assertThat(new ServerCalls(this.port, client).send("GET", "/secret", null).status()).isEqualTo(200);
        assertThat(new ServerCalls(this.port, client).send("GET", "/whoami", null).status()).isEqualTo(401);
    }

    @Test
    void theDslAuthenticatesThePeerAndTheAnnotationsStillApply() throws IOException {
        HttpsProbe.Response response = new ServerCalls(this.port, client).send("GET", "/orders", client);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("orders for " + CLIENT);
    }
}
