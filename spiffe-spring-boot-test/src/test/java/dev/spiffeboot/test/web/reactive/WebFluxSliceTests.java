package dev.spiffeboot.test.web.reactive;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.spiffeboot.test.agent.SpiffeTestAgent;
import dev.spiffeboot.test.reactiveapp.ReactiveGreetingApplication;
import dev.spiffeboot.test.reactiveapp.ReactiveGreetingController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @WebFluxTest} protects annotated controllers as the running application does, with the policy of
 * {@code spiffe.security.policy}, and binds {@code @CallerId}, without the test running a Workload API itself.
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

    @Autowired
    SpiffeTestAgent agent;

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
    void allowedCallerReachesTheControllerWithItsIdBound() {
        this.client.get().uri("/greeting").headers(bearer("spiffe://example.org/frontend", this.agent.spiffeId().toString()))
            .exchange()
            .expectStatus().isOk()
            .expectBody(String.class).isEqualTo("hello spiffe://example.org/frontend");
    }

    @Test
    void callerTheAnnotationDoesNotAllowIsForbidden() {
        this.client.get().uri("/greeting").headers(bearer("spiffe://example.org/backend", this.agent.spiffeId().toString()))
            .exchange()
            .expectStatus().isForbidden();
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        this.client.get().uri("/greeting").headers(bearer("spiffe://example.org/frontend", "spiffe://example.org/other"))
            .exchange()
            .expectStatus().isUnauthorized();
    }

    @Test
    void policyRulesApply() {
        this.client.get().uri("/whoami").headers(bearer("spiffe://example.org/backend", this.agent.spiffeId().toString()))
            .exchange()
            .expectStatus().isOk()
            .expectBody(String.class).isEqualTo("spiffe://example.org/backend");
        this.client.get().uri("/whoami").headers(bearer("spiffe://example.org/intruder", this.agent.spiffeId().toString()))
            .exchange()
            .expectStatus().isForbidden();
    }

    private Consumer<HttpHeaders> bearer(String spiffeId, String audience) {
        String token = this.agent.mintJwtSvid(spiffeId, audience);
        return headers -> headers.setBearerAuth(token);
    }
}
