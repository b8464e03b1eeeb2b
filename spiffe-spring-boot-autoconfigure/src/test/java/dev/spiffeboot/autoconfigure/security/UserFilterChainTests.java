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
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.config.SpiffeHttpConfigurer;
import dev.spiffeboot.security.web.access.SpiffeRequestPolicy;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.CLIENT;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.GATEWAY;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

/** An application with its own filter chain, which brings in the SPIFFE authentication with the DSL. */
@SpringBootTest(classes = { SecurityTestApplication.class, UserFilterChainTests.OwnChain.class },
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class UserFilterChainTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).identity(GATEWAY).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnChain {

        @Bean
        SecurityFilterChain api(HttpSecurity http, SpiffeRequestPolicy spiffeRequestPolicy) {
            http.with(SpiffeHttpConfigurer.spiffe(), Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests.requestMatchers("/public/**").permitAll()
                    .anyRequest().access(spiffeRequestPolicy));
            return http.build();
        }
    }

    static X509Source client;

    static X509Source gateway;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @BeforeAll
    static void clients() {
        client = X509Source.builder().address(agent.address(CLIENT)).build();
        gateway = X509Source.builder().address(agent.address(GATEWAY)).build();
    }

    @AfterAll
    static void close() {
        client.close();
        gateway.close();
    }

    private HttpsProbe.Response call(String path, X509Source as, String... headers) throws IOException {
        return new ServerCalls(this.port, client).send("GET", path, as, headers);
    }

    @Test
    void theAutoConfiguredChainStepsAside() {
        assertThat(this.context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("api");
    }

    @Test
    void theOwnChainAuthenticatesSpiffeIdentitiesAndKeepsItsOwnRules() throws IOException {
        assertThat(call("/public/ping", null).body()).isEqualTo("pong");
        assertThat(call("/whoami", null).status()).isEqualTo(401);
        assertThat(call("/whoami", client).body()).startsWith("caller=" + CLIENT);
        assertThat(call("/whoami", null, "Authorization: Bearer not.a.token").header("WWW-Authenticate"))
            .startsWith("Bearer error=\"invalid_token\"");
    }

    @Test
    void annotationsAreEnforcedWithTheOwnChainToo() throws IOException {
        HttpsProbe.Response refused = call("/orders", gateway);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("\"caller\":\"" + GATEWAY + "\"");
    }
}
