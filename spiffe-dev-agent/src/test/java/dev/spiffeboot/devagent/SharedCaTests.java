package dev.spiffeboot.devagent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.X509Context;

import static org.assertj.core.api.Assertions.assertThat;

/** Agents that share a CA directory (as separate processes would) issue SVIDs under one trust domain root. */
class SharedCaTests {

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
            assertThat(X509SvidVerifier.of(a.bundles()).verify(b.defaultSvid().chain()).id().toString()).isEqualTo("spiffe://example.org/b");
            assertThat(X509SvidVerifier.of(b.bundles()).verify(a.defaultSvid().chain()).id().toString()).isEqualTo("spiffe://example.org/a");
            assertThat(clientA.fetchJwtBundles()).isEqualTo(clientB.fetchJwtBundles());
        }
    }

    @Test
    void keyRolloversOfAgentsSharingADirectoryKeepEachOthersKeys(@TempDir Path directory) throws Exception {
        Path ca = directory.resolve("ca");
        DevAgentConfig first = DevAgentConfig.builder(TrustDomain.parse("example.org"), ca)
            .endpoint(Endpoint.unix(directory.resolve("a.sock"), Identity.of("spiffe://example.org/a")))
            .build();
        DevAgentConfig second = DevAgentConfig.builder(TrustDomain.parse("example.org"), ca)
            .endpoint(Endpoint.unix(directory.resolve("b.sock"), Identity.of("spiffe://example.org/b")))
            .build();
        try (DevAgent agentA = DevAgent.start(first); DevAgent agentB = DevAgent.start(second);
                WorkloadApiClient clientB = WorkloadApiClient.create(agentB.address(0))) {
            String keyOfA = agentA.rolloverJwtKey();
            String keyOfB = agentB.rolloverJwtKey();
            JWKSet onDisk = JWKSet.parse(Files.readString(ca.resolve("example.org").resolve("jwt-keys.json")));
            assertThat(onDisk.getKeys()).extracting(JWK::getKeyID).contains(keyOfA, keyOfB);
            assertThat(clientB.fetchJwtBundles().findJwtBundle(TrustDomain.parse("example.org")).orElseThrow().findAuthority(keyOfA))
                .isPresent();
        }
    }

    @Test
    void privateKeysAreReadableByTheirOwnerOnly(@TempDir Path directory) throws Exception {
        DevAgentConfig config = DevAgentConfig.builder(TrustDomain.parse("example.org"), directory.resolve("ca"))
            .endpoint(Endpoint.unix(directory.resolve("a.sock"), Identity.of("spiffe://example.org/a")))
            .build();
        try (DevAgent agent = DevAgent.start(config)) {
            Path domain = directory.resolve("ca").resolve("example.org");
            assertThat(Files.getPosixFilePermissions(domain.resolve("root.key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(domain.resolve("jwt-keys.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }
}
