package dev.spiffeboot.devagent;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.devagent.junit.Eventually;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent rotates X509-SVIDs by itself at 40 % of their lifetime, and sources follow. */
class AgentRotationTests {

    @RegisterExtension
    DevAgentExtension agent = DevAgentExtension.builder()
        .identity("spiffe://example.org/short-lived")
        .x509SvidTtl(Duration.ofSeconds(4))
        .build();

    @Test
    void rotatesBeforeHalfLife() {
        try (X509Source source = X509Source.builder().address(this.agent.address("spiffe://example.org/short-lived")).build()) {
            X509Svid first = source.x509Svid();
            // issued before the test began; rotated at 40 % of 4 s, so within half of its lifetime from now
            Eventually.within(Duration.ofSeconds(2), "an SVID rotated by the agent", () -> !source.x509Svid().equals(first));
            assertThat(source.x509Svid().expiresAt()).isAfter(first.expiresAt());
        }
    }
}
