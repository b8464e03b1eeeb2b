package dev.spiffeboot.test.web.servlet;

import java.net.InetSocketAddress;
import java.nio.file.Files;
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

import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Endpoint;
import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.test.app.GreetingApplication;
import dev.spiffeboot.test.app.GreetingController;

import static dev.spiffeboot.test.web.servlet.SpiffeMockMvcRequestPostProcessors.jwtSvid;
import static dev.spiffeboot.test.web.servlet.SpiffeMockMvcRequestPostProcessors.spiffePeer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A {@code @WebMvcTest} protects annotated controllers as the running application does, with the policy of
 * {@code spiffe.security.policy}, and binds {@code @CallerId}, without the test running a Workload API itself; the
 * request helpers' credentials go through the same checks.
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
        this.mvc.perform(get("/greeting").with(spiffePeer("spiffe://example.org/frontend")))
            .andExpect(status().isOk())
            .andExpect(content().string("hello spiffe://example.org/frontend"));
    }

    @Test
    void peerTheAnnotationDoesNotAllowIsForbidden() throws Exception {
        this.mvc.perform(get("/greeting").with(spiffePeer("spiffe://example.org/backend"))).andExpect(status().isForbidden());
    }

    @Test
    void peerWithAChainOfAnotherCaIsNotAuthenticated() throws Exception {
        try (DevAgent stranger = DevAgent.start(DevAgentConfig.builder(TrustDomain.parse("example.org"),
                Files.createTempDirectory("stranger-ca"))
            .endpoint(Endpoint.tcp(new InetSocketAddress("127.0.0.1", 0), Identity.of("spiffe://example.org/stranger")))
            .build())) {
            X509Certificate[] chain = stranger.mintX509Svid(SpiffeId.parse("spiffe://example.org/frontend"))
                .chain().toArray(X509Certificate[]::new);
            this.mvc.perform(get("/greeting").requestAttr("jakarta.servlet.request.X509Certificate", chain))
                .andExpect(status().isUnauthorized());
        }
    }

    @Test
    void allowedJwtSvidReachesTheControllerWithItsIdBound() throws Exception {
        this.mvc.perform(get("/greeting").with(jwtSvid("spiffe://example.org/frontend")))
            .andExpect(status().isOk())
            .andExpect(content().string("hello spiffe://example.org/frontend"));
    }

    @Test
    void jwtSvidTheAnnotationDoesNotAllowIsForbidden() throws Exception {
        this.mvc.perform(get("/greeting").with(jwtSvid("spiffe://example.org/backend"))).andExpect(status().isForbidden());
    }

    @Test
    void jwtSvidForAnotherAudienceIsNotAuthenticated() throws Exception {
        this.mvc.perform(get("/greeting").with(jwtSvid("spiffe://example.org/frontend").audience("spiffe://example.org/other")))
            .andExpect(status().isUnauthorized())
            .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("invalid_token")));
    }

    @Test
    void jwtSvidForAConfiguredAudienceOfYourChoice() throws Exception {
        this.mvc.perform(get("/greeting").with(jwtSvid("spiffe://example.org/frontend").audience("spiffe://example.org/app", "extra")))
            .andExpect(status().isOk());
    }

    @Test
    void peerAndJwtSvidTogetherBindBothIdentities() throws Exception {
        this.mvc.perform(get("/pair").with(spiffePeer("spiffe://example.org/gateway")).with(jwtSvid("spiffe://example.org/frontend")))
            .andExpect(status().isOk())
            .andExpect(content().string("spiffe://example.org/gateway for spiffe://example.org/frontend"));
    }

    @Test
    void policyRulesApplyToPeersAndToTokens() throws Exception {
        this.mvc.perform(get("/whoami").with(spiffePeer("spiffe://example.org/backend")))
            .andExpect(status().isOk())
            .andExpect(content().string("spiffe://example.org/backend"));
        this.mvc.perform(get("/whoami").with(spiffePeer("spiffe://example.org/intruder"))).andExpect(status().isForbidden());
        this.mvc.perform(get("/whoami").with(jwtSvid("spiffe://example.org/intruder"))).andExpect(status().isForbidden());
    }
}
