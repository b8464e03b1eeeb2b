package dev.spiffeboot.test.web.servlet;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import dev.spiffeboot.test.agent.AutoConfigureSpiffeTestAgent;
import dev.spiffeboot.test.app.GreetingApplication;
import dev.spiffeboot.test.app.GreetingController;

import static dev.spiffeboot.test.web.servlet.SpiffeMockMvcRequestPostProcessors.jwtSvid;
import static dev.spiffeboot.test.web.servlet.SpiffeMockMvcRequestPostProcessors.spiffePeer;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A slice chooses the application's identity: here in another trust domain, federated with the callers' one, and
 * accepting JWT-SVIDs for a configured audience only.
 */
@WebMvcTest(controllers = GreetingController.class, properties = "spiffe.jwt.audiences=orders")
@AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://acme.test/orders", federatedTrustDomain = "example.org")
@ContextConfiguration(classes = GreetingApplication.class)
class FederatedSliceTests {

    @Autowired
    MockMvc mvc;

    @Test
    void peerOfTheFederatedTrustDomainIsAuthenticated() throws Exception {
        this.mvc.perform(get("/greeting").with(spiffePeer("spiffe://example.org/frontend")))
            .andExpect(status().isOk())
            .andExpect(content().string("hello spiffe://example.org/frontend"));
        this.mvc.perform(get("/greeting").with(spiffePeer("spiffe://acme.test/frontend"))).andExpect(status().isForbidden());
    }

    @Test
    void jwtSvidMustBeForTheConfiguredAudience() throws Exception {
        this.mvc.perform(get("/greeting").with(jwtSvid("spiffe://example.org/frontend").audience("orders")))
            .andExpect(status().isOk());
        // the default audience, the application's SPIFFE ID, is not among spiffe.jwt.audiences
        this.mvc.perform(get("/greeting").with(jwtSvid("spiffe://example.org/frontend"))).andExpect(status().isUnauthorized());
    }
}
