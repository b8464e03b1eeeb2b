package dev.spiffeboot.security.config;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;

import dev.spiffeboot.security.resource.ProtectedResource;
import dev.spiffeboot.spiffeid.SpiffeId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive DSL with a protected resource in a plain Spring application, no Spring Boot: it serves the RFC 9728
 * document before authentication, and its default entry point names the document in 401s.
 */
@SpringJUnitConfig(SpiffeServerHttpSecurityResourceMetadataTests.Application.class)
class SpiffeServerHttpSecurityResourceMetadataTests {

    static final String METADATA_URL = "https://orders.example.com/.well-known/oauth-protected-resource/api";

    @Configuration(proxyBeanMethods = false)
    @EnableWebFlux
    @EnableWebFluxSecurity
    static class Application {

        @Bean
        SecurityWebFilterChain chain(ServerHttpSecurity http) {
            SpiffeServerHttpSecurity.spiffe()
                .peerIdentityResolver(exchange -> (exchange.getRequest().getHeaders().getFirst("X-Test-Peer") != null)
                        ? SpiffeId.parse("spiffe://example.org/gateway") : null)
                .bearerTokenAuthenticator(SpiffeHttpConfigurerTests.testTokens())
                .protectedResource(ProtectedResource.builder().resource("https://orders.example.com/api")
                    .authorizationServer("https://auth.example.com").build())
                .customize(http);
            http.authorizeExchange(exchanges -> exchanges.anyExchange().authenticated());
            return http.build();
        }

        @Bean
        Echo echo() {
            return new Echo();
        }
    }

    @RestController
    static class Echo {

        @GetMapping("/whoami")
        Mono<String> whoami() {
            return Mono.just("you");
        }
    }

    @Autowired
    ApplicationContext context;

    WebTestClient client;

    @BeforeEach
    void client() {
        this.client = WebTestClient.bindToApplicationContext(this.context).configureClient().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void servesTheDocumentWithoutAuthentication() throws ParseException {
        String document = this.client.get().uri("/.well-known/oauth-protected-resource/api").header("Authorization", "Bearer YmFk.YmFk.YmFk")
            .exchange()
            .expectStatus().isOk()
            .expectHeader().contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class).returnResult().getResponseBody();
        assertThat(JSONObjectUtils.parse(document)).containsEntry("resource", "https://orders.example.com/api")
            .containsEntry("authorization_servers", List.of("https://auth.example.com"))
            .containsEntry("tls_client_certificate_bound_access_tokens", false);
        this.client.get().uri("/.well-known/oauth-protected-resource").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theDefaultEntryPointNamesTheDocumentIn401s() {
        this.client.get().uri("/whoami").exchange().expectStatus().isUnauthorized()
            .expectHeader().valueEquals("WWW-Authenticate", "Bearer resource_metadata=\"" + METADATA_URL + "\"");
        this.client.get().uri("/whoami").header("Authorization", "Bearer YmFk.YmFk.YmFk").exchange().expectStatus().isUnauthorized()
            .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"not a test token\", "
                    + "resource_metadata=\"" + METADATA_URL + "\"");
        this.client.get().uri("/whoami").header("X-Test-Peer", "yes").exchange().expectStatus().isOk();
    }
}
