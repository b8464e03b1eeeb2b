package dev.spiffeboot.devagent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.X509Context;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity("spiffe://example.org/server").build();

    @Test
    void fetches() {
        try (WorkloadApiClient client = WorkloadApiClient.create(agent.address("spiffe://example.org/server"))) {
            X509Context context = client.fetchX509Context();
            assertThat(context.defaultSvid().id().toString()).isEqualTo("spiffe://example.org/server");
        }
    }
}
