package dev.spiffeboot.devagent;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.X509Context;

import static org.assertj.core.api.Assertions.assertThat;

/** Agents that share a CA directory (as separate processes would) issue SVIDs under one trust domain root. */
class SharedCaTest {

    @Test
    void agentsSharingACaDirectoryTrustEachOthersSvids(@TempDir Path directory) throws Exception {
        Path ca = directory.resolve("ca");
        DevAgentConfig first = DevAgentConfig.builder(TrustDomain.parse("example.org"), ca)
            .endpoint(Endpoint.unix(directory.resolve("a.sock"), Identity.of("spiffe://example.org/a")))
            .build();
        DevAgentConfig second = DevAgentConfig.builder(TrustDomain.parse("example.org"), ca)
            .endpoint(Endpoint.unix(directory.resolve("b.sock"), Identity.of("spiffe://example.org/b")))
            .build();
        try (DevAgent agentA = DevAgent.start(first); DevAgent agentB = DevAgent.start(second);
                WorkloadApiClient clientA = WorkloadApiClient.create(agentA.address(0));
                WorkloadApiClient clientB = WorkloadApiClient.create(agentB.address(0))) {
            X509Context a = clientA.fetchX509Context();
            X509Context b = clientB.fetchX509Context();
            assertThat(new X509SvidVerifier(a.bundles()).verify(b.defaultSvid().chain()).id().toString()).isEqualTo("spiffe://example.org/b");
            assertThat(new X509SvidVerifier(b.bundles()).verify(a.defaultSvid().chain()).id().toString()).isEqualTo("spiffe://example.org/a");
            assertThat(clientA.fetchJwtBundles()).isEqualTo(clientB.fetchJwtBundles());
        }
    }
}
