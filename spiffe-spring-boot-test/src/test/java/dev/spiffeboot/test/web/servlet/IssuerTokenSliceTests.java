package dev.spiffeboot.test.web.servlet;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import dev.spiffeboot.test.app.GreetingApplication;
import dev.spiffeboot.test.app.GreetingController;
import dev.spiffeboot.test.issuer.AutoConfigureTestIssuerKeys;
import dev.spiffeboot.test.issuer.TestIssuerKeys;

import static dev.spiffeboot.test.web.servlet.SpiffeMockMvcRequestPostProcessors.issuerToken;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Tokens of a configured issuer, signed with the test key, are verified and authorized as real ones. */
@WebMvcTest(controllers = GreetingController.class, properties = {
        "spiffe.jwt.issuers[0].issuer=https://idp.example.org", "spiffe.jwt.issuers[0].audiences=orders",
        "spiffe.jwt.issuers[0].jwk-set-uri=https://idp.example.org/.well-known/jwks.json",
        "spiffe.security.policy.rules[0].action=DENY",
        "spiffe.security.policy.rules[0].from[0].request-principals[0]=https://idp.example.org/mallory" })
@AutoConfigureTestIssuerKeys
@ContextConfiguration(classes = GreetingApplication.class)
class IssuerTokenSliceTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestIssuerKeys keys;

    @Test
    void tokenOfTheIssuerIsTheRequestPrincipal() throws Exception {
        this.mvc.perform(get("/principal").with(issuerToken("https://idp.example.org", "alice")))
            .andExpect(status().isOk())
            .andExpect(content().string("https://idp.example.org/alice"));
    }

    @Test
    void tokenWithABrokenSignatureIsNotAuthenticated() throws Exception {
        String token = this.keys.mintToken("https://idp.example.org", "alice", List.of("orders"));
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + new StringBuilder(signature).reverse();
        this.mvc.perform(get("/principal").header(HttpHeaders.AUTHORIZATION, "Bearer " + forged)).andExpect(status().isUnauthorized());
        this.mvc.perform(get("/principal").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)).andExpect(status().isOk());
    }

    @Test
    void tokenForAnotherAudienceIsNotAuthenticated() throws Exception {
        this.mvc.perform(get("/principal").with(issuerToken("https://idp.example.org", "alice").audience("billing")))
            .andExpect(status().isUnauthorized());
    }

    @Test
    void tokenOfAnIssuerTheApplicationDoesNotKnowIsNotAuthenticated() throws Exception {
        this.mvc.perform(get("/principal").with(issuerToken("https://other.example.org", "alice").audience("orders")))
            .andExpect(status().isUnauthorized());
    }

    @Test
    void policyRulesApplyToTheRequestPrincipal() throws Exception {
        this.mvc.perform(get("/principal").with(issuerToken("https://idp.example.org", "mallory"))).andExpect(status().isForbidden());
    }

    @Test
    void annotationsApply() throws Exception {
        // /greeting allows the SPIFFE ID spiffe://example.org/frontend only
        this.mvc.perform(get("/greeting").with(issuerToken("https://idp.example.org", "alice"))).andExpect(status().isForbidden());
    }
}
