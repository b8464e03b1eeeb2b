package dev.spiffeboot.autoconfigure.aot;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class AotBuildSettingsTests {

    @Test
    void theSameSettingsPass() {
        MockEnvironment build = sampleServer().withProperty("spiffe.workload-api.address", "unix:/build/only.sock");
        MockEnvironment run = sampleServer().withProperty("SPIFFE_ENDPOINT_SOCKET", "unix:///tmp/agent/server.sock");
        assertThatNoException().isThrownBy(() -> verify(build, run));
    }

    @Test
    void aWorkloadApiAddressOnlyAtRunTimeIsRefused() {
        // processed without an address: no SPIFFE bean at all in the processed application
        MockEnvironment build = sampleServer();
        MockEnvironment run = sampleServer().withProperty("SPIFFE_ENDPOINT_SOCKET", "unix:///tmp/agent/server.sock");
        assertThatExceptionOfType(AotBuildSettingsException.class).isThrownBy(() -> verify(build, run))
            .satisfies(failure -> assertThat(failure.differences())
                .containsExactly("spiffe.workload-api.address or SPIFFE_ENDPOINT_SOCKET: not set when processed, set now"));
    }

    @Test
    void eachConditionalSettingThatDiffersIsNamed() {
        MockEnvironment build = new MockEnvironment().withProperty("spiffe.workload-api.address", "unix:/a.sock");
        MockEnvironment run = new MockEnvironment().withProperty("spiffe.workload-api.address", "unix:/b.sock")
            .withProperty("spiffe.server.enabled", "TRUE")
            .withProperty("spiffe.security.enabled", "false")
            .withProperty("spiffe.security.token-endpoint.enabled", "true")
            .withProperty("spiffe.jwt.client-metadata.allowed-issuers[0]", "https://clients.example.org/*")
            .withProperty("spiffe.security.resource-metadata.authorization-servers", "https://as.example.org")
            .withProperty("spiffe.client-metadata.client-id", "https://me.example.org/client.json")
            .withProperty("spiffe.grpc.server.enabled", "false")
            .withProperty("spiffe.workload-api.fetch-x509-svid", "false");
        assertThatExceptionOfType(AotBuildSettingsException.class).isThrownBy(() -> verify(build, run))
            .satisfies(failure -> assertThat(failure.differences()).containsExactlyInAnyOrder(
                    "spiffe.server.enabled: false when processed, true now",
                    "spiffe.security.enabled: true when processed, false now",
                    "spiffe.security.token-endpoint.enabled: false when processed, true now",
                    "spiffe.jwt.client-metadata.allowed-issuers: empty when processed, listed now",
                    "spiffe.security.resource-metadata: off when processed, on now",
                    "spiffe.client-metadata.client-id: not set when processed, set now",
                    "spiffe.grpc.server.enabled: not set when processed, false now",
                    "spiffe.workload-api.fetch-x509-svid: true when processed, false now"));
    }

    @Test
    void turningSpiffeOffAtRunTimeIsRefusedToo() {
        MockEnvironment build = sampleServer().withProperty("spiffe.workload-api.address", "unix:/build/only.sock");
        MockEnvironment run = sampleServer().withProperty("spiffe.workload-api.address", "unix:/run/agent.sock")
            .withProperty("spiffe.enabled", "false");
        assertThatExceptionOfType(AotBuildSettingsException.class).isThrownBy(() -> verify(build, run))
            .satisfies(failure -> assertThat(failure.differences()).containsExactly("spiffe.enabled: true when processed, false now"));
    }

    @Test
    void theValuesThemselvesAreNotCompared() {
        MockEnvironment build = sampleServer().withProperty("spiffe.workload-api.address", "unix:/build/only.sock")
            .withProperty("spiffe.jwt.client-metadata.allowed-issuers", "https://127.0.0.1:8445/.well-known/*");
        MockEnvironment run = sampleServer().withProperty("spiffe.workload-api.address", "unix:/run/agent.sock")
            .withProperty("spiffe.jwt.client-metadata.allowed-issuers", "https://127.0.0.1:31001/.well-known/*,https://b/*");
        assertThatNoException().isThrownBy(() -> verify(build, run));
    }

    @Test
    void theFailureAnalysisListsTheDifferencesAndSaysWhereToSetThem() {
        AotBuildSettingsException failure = new AotBuildSettingsException(
                List.of("spiffe.workload-api.address or SPIFFE_ENDPOINT_SOCKET: not set when processed, set now"));
        FailureAnalysis analysis = new AotBuildSettingsFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).contains("spring.aot.enabled=true")
            .contains("    spiffe.workload-api.address or SPIFFE_ENDPOINT_SOCKET: not set when processed, set now");
        assertThat(analysis.getAction()).contains("spring-boot:process-aot").contains("<systemPropertyVariables>")
            .contains("without -Dspring.aot.enabled=true");
    }

    /** The conditional settings of sample-server's application.yml. */
    private static MockEnvironment sampleServer() {
        return new MockEnvironment().withProperty("spiffe.server.enabled", "true")
            .withProperty("spiffe.security.token-endpoint.enabled", "true")
            .withProperty("spiffe.jwt.client-metadata.allowed-issuers", "https://127.0.0.1:8445/.well-known/*")
            .withProperty("spiffe.security.resource-metadata.authorization-servers[0]", "https://127.0.0.1:9443");
    }

    private static void verify(MockEnvironment build, MockEnvironment run) {
        AotBuildSettings.verify(run, AotBuildSettings.read(build).toArray(String[]::new));
    }
}
