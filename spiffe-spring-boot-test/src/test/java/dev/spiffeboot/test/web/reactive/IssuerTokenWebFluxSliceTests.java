package dev.spiffeboot.test.web.reactive;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.spiffeboot.test.issuer.AutoConfigureTestIssuerKeys;
import dev.spiffeboot.test.reactiveapp.ReactiveGreetingApplication;
import dev.spiffeboot.test.reactiveapp.ReactiveGreetingController;

import static dev.spiffeboot.test.web.reactive.SpiffeWebTestClientConfigurers.issuerToken;

/** Tokens of a configured issuer, signed with the test key, are verified and authorized as real ones. */
@WebFluxTest(controllers = ReactiveGreetingController.class, properties = {
        "spiffe.jwt.issuers[0].issuer=https://idp.example.org", "spiffe.jwt.issuers[0].audiences=orders",
        "spiffe.jwt.issuers[0].jwk-set-uri=https://idp.example.org/.well-known/jwks.json",
        "spiffe.security.policy.rules[0].action=DENY",
        "spiffe.security.policy.rules[0].from[0].request-principals[0]=https://idp.example.org/mallory" })
@AutoConfigureTestIssuerKeys
@ContextConfiguration(classes = ReactiveGreetingApplication.class)
class IssuerTokenWebFluxSliceTests {

    @Autowired
    WebTestClient client;

    @Test
    void tokenOfTheIssuerIsTheRequestPrincipal() {
        this.client.mutateWith(issuerToken("https://idp.example.org", "alice")).get().uri("/principal").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).isEqualTo("https://idp.example.org/alice");
    }

    @Test
    void tokenForAnotherAudienceIsNotAuthenticated() {
        this.client.mutateWith(issuerToken("https://idp.example.org", "alice").audience("billing")).get().uri("/principal").exchange()
            .expectStatus().isUnauthorized();
    }

    @Test
    void policyRulesApplyToTheRequestPrincipal() {
        this.client.mutateWith(issuerToken("https://idp.example.org", "mallory")).get().uri("/principal").exchange()
            .expectStatus().isForbidden();
    }
}
