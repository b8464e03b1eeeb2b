package dev.spiffeboot.test.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.test.agent.AutoConfigureSpiffeTestAgent;
import dev.spiffeboot.test.app.GreetingApplication;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.BundleSource;

import static org.assertj.core.api.Assertions.assertThatException;

/** The test clients call the running application over SPIFFE mTLS, through its real TLS and authorization. */
@SpringBootTest(classes = GreetingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spiffe.server.enabled=true")
@AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/greeting")
class SpiffeTestClientsTests {

    @Autowired
    SpiffeTestClients clients;

    @Autowired
    BundleSource bundles;

    @Test
    void restTestClientCallsAsTheAllowedWorkload() {
        this.clients.restTestClient("spiffe://example.org/frontend").get().uri("/greeting").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).isEqualTo("hello spiffe://example.org/frontend");
    }

    @Test
    void restTestClientOfAnotherWorkloadIsForbidden() {
        this.clients.restTestClient("spiffe://example.org/backend").get().uri("/greeting").exchange()
            .expectStatus().isForbidden();
    }

    @Test
    void webTestClientCallsAsTheAllowedWorkload() {
        this.clients.webTestClient("spiffe://example.org/frontend").get().uri("/pair").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).isEqualTo("spiffe://example.org/frontend for spiffe://example.org/frontend");
        this.clients.webTestClient("spiffe://example.org/backend").get().uri("/greeting").exchange()
            .expectStatus().isForbidden();
    }

    @Test
    void serverRequiresAClientCertificate() {
        SSLContext noCertificate = SpiffeSslContexts.tlsClient(this.bundles, Authorizer.id(SpiffeId.parse("spiffe://example.org/greeting")));
        HttpClient http = HttpClient.newBuilder().sslContext(noCertificate).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.clients.baseUrl() + "/greeting")).timeout(Duration.ofSeconds(10)).build();
        assertThatException().isThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
    }
}
