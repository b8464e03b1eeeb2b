package dev.spiffeboot.autoconfigure.server.tomcat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.server.PeerController;
import dev.spiffeboot.devagent.junit.DevAgentExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a SPIFFE Tomcat application says at start-up with optional client certificates: no warning (Tomcat's TLS 1.3
 * post-handshake authentication warning does not apply to a connector that asks for the certificate in the
 * handshake), where the certificate comes from instead of a key store the connector never reads, and one line with
 * the identity, where its address was set, the trusted domains and the SVID's expiry.
 */
@SpringBootTest(classes = PeerController.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class SpiffeTomcatStartupLogTests {

    static final String SERVER = "spiffe://example.org/server";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    @Test
    void startsWithoutWarningsAndNamesTheSourceOfItsCertificate(CapturedOutput output) {
        String all = output.getAll();
        assertThat(all).contains("Tomcat started on port");
        String startUp = all.substring(0, all.indexOf("Tomcat started on port"));
        assertThat(startUp).doesNotContainPattern("(?m)^\\S+\\s+WARN ")
            .doesNotContain("post handshake authentication")
            .doesNotContain(".keystore")
            .containsPattern("Connector \\[https-jsse-nio-[^\\]]+\\], TLS virtual host \\[_default_\\]: the X509-SVID and "
                    + "trust bundles of the SPIFFE Workload API, read at every handshake");
    }

    @Test
    void saysOnceWhichIdentityItGotFromWhere(CapturedOutput output) {
        String line = "INFO .*SPIFFE identity spiffe://example.org/server from the Workload API at "
                + Pattern.quote(agent.address(SERVER).toString())
                + " \\(spiffe.workload-api.address\\); trusted domains: example.org; X509-SVID valid until \\d{4}-\\d\\d-\\d\\dT";
        assertThat(output.getAll()).containsPattern(line);
        assertThat(output.getAll().split("SPIFFE identity ", -1)).hasSize(2);
    }
}
