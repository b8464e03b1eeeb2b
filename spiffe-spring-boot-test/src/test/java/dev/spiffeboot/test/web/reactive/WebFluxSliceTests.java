package dev.spiffeboot.test.web.reactive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.spiffeboot.test.reactiveapp.ReactiveGreetingApplication;
import dev.spiffeboot.test.reactiveapp.ReactiveGreetingController;

import static dev.spiffeboot.test.web.reactive.SpiffeWebTestClientConfigurers.jwtSvid;
import static dev.spiffeboot.test.web.reactive.SpiffeWebTestClientConfigurers.spiffePeer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A {@code @WebFluxTest} protects annotated controllers as the running application does, with the policy of
 * {@code spiffe.security.policy}, and binds {@code @CallerId}, without the test running a Workload API itself; the
 * client's helpers' credentials go through the same checks.
 */
@WebFluxTest(controllers = ReactiveGreetingController.class, properties = {
        "spiffe.security.policy.rules[0].name=no-intruders", "spiffe.security.policy.rules[0].action=DENY",
        "spiffe.security.policy.rules[0].from[0].principals[0]=spiffe://example.org/intruder",
        "spiffe.security.policy.rules[0].from[1].request-principals[0]=spiffe://example.org/intruder" })
@ExtendWith(OutputCaptureExtension.class)
@ContextConfiguration(classes = ReactiveGreetingApplication.class)
class WebFluxSliceTests {

    @Autowired
    WebTestClient client;

    @Test
    void startsWithoutWarnings(CapturedOutput output) {
        String startup = output.getAll().substring(0, output.getAll().indexOf("Started WebFluxSliceTests"));
        assertThat(startup).contains("SPIFFE identity spiffe://example.org/app").doesNotContain(" WARN ", " ERROR ");
    }

    @Test
    void unauthenticatedExchangeIsChallenged() {
        this.client.get().uri("/greeting").exchange().expectStatus().isUnauthorized().expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE);
    }

    @Test
    void allowedPeerReachesTheControllerWithItsIdBound() {
        this.client.mutateWith(spiffePeer("spiffe://example.org/frontend")).get().uri("/greeting").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).isEqualTo("hello spiffe://example.org/frontend");
    }

    @Test
    void peerTheAnnotationDoesNotAllowIsForbidden() {
        this.client.mutateWith(spiffePeer("spiffe://example.org/backend")).get().uri("/greeting").exchange()
            .expectStatus().isForbidden();
    }

    @Test
    void allowedJwtSvidReachesTheControllerWithItsIdBound() {
        this.client.mutateWith(jwtSvid("spiffe://example.org/frontend")).get().uri("/greeting").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).isEqualTo("hello spiffe://example.org/frontend");
    }

    @Test
    void jwtSvidTheAnnotationDoesNotAllowIsForbidden() {
        this.client.mutateWith(jwtSvid("spiffe://example.org/backend")).get().uri("/greeting").exchange()
            .expectStatus().isForbidden();
    }

    @Test
    void jwtSvidForAnotherAudienceIsNotAuthenticated() {
        this.client.mutateWith(jwtSvid("spiffe://example.org/frontend").audience("spiffe://example.org/other"))
            .get().uri("/greeting").exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, value -> assertThat(value).contains("invalid_token"));
    }

    @Test
    void peerAndJwtSvidTogetherBindBothIdentities() {
        this.client.mutateWith(spiffePeer("spiffe://example.org/gateway")).mutateWith(jwtSvid("spiffe://example.org/frontend"))
            .get().uri("/pair").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).isEqualTo("spiffe://example.org/gateway for spiffe://example.org/frontend");
    }

    @Test
    void policyRulesApplyToPeersAndToTokens() {
        this.client.mutateWith(spiffePeer("spiffe://example.org/backend")).get().uri("/whoami").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).isEqualTo("spiffe://example.org/backend");
        this.client.mutateWith(spiffePeer("spiffe://example.org/intruder")).get().uri("/whoami").exchange()
            .expectStatus().isForbidden();
        this.client.mutateWith(jwtSvid("spiffe://example.org/intruder")).get().uri("/whoami").exchange()
            .expectStatus().isForbidden();
    }

    @Test
    void helpersRefuseAClientBoundToAServer() {
        WebTestClient remote = WebTestClient.bindToServer().baseUrl("https://127.0.0.1:1").build();
        assertThatIllegalStateException().isThrownBy(() -> remote.mutateWith(spiffePeer("spiffe://example.org/frontend")))
            .withMessageContaining("bound to the application");
    }
}
