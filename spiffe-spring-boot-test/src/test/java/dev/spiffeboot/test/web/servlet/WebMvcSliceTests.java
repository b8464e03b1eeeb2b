package dev.spiffeboot.test.web.servlet;

import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import dev.spiffeboot.test.agent.SpiffeTestAgent;
import dev.spiffeboot.test.app.GreetingApplication;
import dev.spiffeboot.test.app.GreetingController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A {@code @WebMvcTest} protects annotated controllers as the running application does, with the policy of
 * {@code spiffe.security.policy}, and binds {@code @CallerId}, without the test running a Workload API itself.
 */
@WebMvcTest(controllers = GreetingController.class, properties = {
        "spiffe.security.policy.rules[0].name=no-intruders", "spiffe.security.policy.rules[0].action=DENY",
        "spiffe.security.policy.rules[0].from[0].principals[0]=spiffe://example.org/intruder",
        "spiffe.security.policy.rules[0].from[1].request-principals[0]=spiffe://example.org/intruder" })
@ExtendWith(OutputCaptureExtension.class)
@ContextConfiguration(classes = GreetingApplication.class)
class WebMvcSliceTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    SpiffeTestAgent agent;

    @Test
    void startsWithoutWarnings(CapturedOutput output) {
        String startup = output.getAll().substring(0, output.getAll().indexOf("Started WebMvcSliceTests"));
        assertThat(startup).contains("SPIFFE identity spiffe://example.org/app").doesNotContain(" WARN ", " ERROR ");
    }

    @Test
    void unauthenticatedRequestIsChallenged() throws Exception {
        this.mvc.perform(get("/greeting")).andExpect(status().isUnauthorized()).andExpect(header().exists(HttpHeaders.WWW_AUTHENTICATE));
    }

    @Test
    void allowedPeerReachesTheControllerWithItsIdBound() throws Exception {
        this.mvc.perform(get("/greeting").with(clientCertificate("spiffe://example.org/frontend")))
            .andExpect(status().isOk())
            .andExpect(content().string("hello spiffe://example.org/frontend"));
    }

    @Test
    void peerTheAnnotationDoesNotAllowIsForbidden() throws Exception {
        this.mvc.perform(get("/greeting").with(clientCertificate("spiffe://example.org/backend"))).andExpect(status().isForbidden());
    }

    @Test
    void policyRulesApply() throws Exception {
        this.mvc.perform(get("/whoami").with(clientCertificate("spiffe://example.org/backend")))
            .andExpect(status().isOk())
            .andExpect(content().string("spiffe://example.org/backend"));
        this.mvc.perform(get("/whoami").with(clientCertificate("spiffe://example.org/intruder"))).andExpect(status().isForbidden());
    }

    @Test
    void jwtSvidForThisApplicationIsAccepted() throws Exception {
        String token = this.agent.mintJwtSvid("spiffe://example.org/frontend", this.agent.spiffeId().toString());
        this.mvc.perform(get("/greeting").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
            .andExpect(status().isOk())
            .andExpect(content().string("hello spiffe://example.org/frontend"));
    }

    private RequestPostProcessor clientCertificate(String spiffeId) {
        X509Certificate[] chain = this.agent.mintX509Svid(spiffeId).chain().toArray(X509Certificate[]::new);
        return request -> {
            request.setAttribute("jakarta.servlet.request.X509Certificate", chain);
            return request;
        };
    }
}
