package dev.spiffeboot.devagent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.workloadapi.Backoff;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.WorkloadApiException;
import dev.spiffeboot.workloadapi.WorkloadApiStatus;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Callers are told apart by socket, and on a shared socket by their uid/gid (SO_PEERCRED). */
class CallerSelectionTests {

    @TempDir
    Path directory;

    private DevAgent start(Endpoint... endpoints) throws Exception {
        DevAgentConfig.Builder config = DevAgentConfig.builder(TrustDomain.parse("example.org"), this.directory.resolve("ca"));
        for (Endpoint endpoint : endpoints) {
            config.endpoint(endpoint);
        }
        return DevAgent.start(config.build());
    }

    private static Identity byUid(String id, int uid) {
        return new Identity(SpiffeId.parse(id), "", uid, null);
    }

    @Test
    void grantsTheIdentitiesWhoseUidOrGidMatchTheCaller() throws Exception {
        int uid = currentUid();
        Identity mine = byUid("spiffe://example.org/mine", uid);
        Identity theirs = byUid("spiffe://example.org/theirs", uid + 1);
        Identity everyone = Identity.of("spiffe://example.org/everyone");
        try (DevAgent agent = start(Endpoint.unix(this.directory.resolve("shared.sock"), theirs, mine, everyone));
                WorkloadApiClient client = WorkloadApiClient.create(agent.address(0))) {
            assertThat(client.fetchX509Context().svids()).extracting(X509Svid::id)
                .containsExactly(mine.spiffeId(), everyone.spiffeId());
        }
    }

    @Test
    void deniesCallersWithoutAMatchingIdentity() throws Exception {
        int uid = currentUid();
        Identity theirs = new Identity(SpiffeId.parse("spiffe://example.org/theirs"), "", uid + 1, null);
        try (DevAgent agent = start(Endpoint.unix(this.directory.resolve("other.sock"), theirs));
                WorkloadApiClient client = WorkloadApiClient.create(agent.address(0))) {
            assertThatThrownBy(client::fetchX509Context)
                .isInstanceOfSatisfying(WorkloadApiException.class, ex -> assertThat(ex.status()).isEqualTo(WorkloadApiStatus.PERMISSION_DENIED));
            assertThatThrownBy(client::fetchJwtBundles)
                .isInstanceOfSatisfying(WorkloadApiException.class, ex -> assertThat(ex.status()).isEqualTo(WorkloadApiStatus.PERMISSION_DENIED));
        }
    }

    @Test
    void sourcesFailToStartWhenDeniedNamingTheStatus() throws Exception {
        Identity theirs = byUid("spiffe://example.org/theirs", currentUid() + 1);
        try (DevAgent agent = start(Endpoint.unix(this.directory.resolve("denied.sock"), theirs))) {
            assertThatThrownBy(() -> X509Source.builder()
                .address(agent.address(0))
                .backoff(Backoff.of(Duration.ofMillis(50), 2, Duration.ofMillis(200), 0))
                .startupTimeout(Duration.ofSeconds(1))
                .build())
                .isInstanceOf(WorkloadApiException.class)
                .hasMessageContaining("within PT1S")
                .hasMessageContaining("PERMISSION_DENIED");
        }
    }

    @Test
    void servesLoopbackTcpWhereCallersCannotBeToldApart() throws Exception {
        Identity everyone = Identity.of("spiffe://example.org/tcp-workload");
        Identity selected = byUid("spiffe://example.org/selected", currentUid());
        try (DevAgent agent = start(Endpoint.tcp(new InetSocketAddress("127.0.0.1", 0), everyone, selected));
                WorkloadApiClient client = WorkloadApiClient.create(agent.address(0))) {
            assertThat(agent.address(0).toString()).startsWith("tcp://127.0.0.1:");
            assertThat(client.fetchX509Context().svids()).extracting(X509Svid::id).containsExactly(everyone.spiffeId());
        }
    }

    @Test
    void neverReplacesARegularFileWithItsSocket() throws Exception {
        Path precious = Files.writeString(this.directory.resolve("precious.txt"), "keep me");
        assertThatThrownBy(() -> start(Endpoint.unix(precious, Identity.of("spiffe://example.org/a"))))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("it is not a socket");
        assertThat(Files.readString(precious)).isEqualTo("keep me");
    }

    @Test
    void hintsTravelWithTheSvids() throws Exception {
        Identity internal = new Identity(SpiffeId.parse("spiffe://example.org/internal"), "internal", null, null);
        Identity external = new Identity(SpiffeId.parse("spiffe://example.org/external"), "external", null, null);
        try (DevAgent agent = start(Endpoint.unix(this.directory.resolve("hints.sock"), internal, external));
                WorkloadApiClient client = WorkloadApiClient.create(agent.address(0))) {
            assertThat(client.fetchX509Context().svidWithHint("external").orElseThrow().id()).isEqualTo(external.spiffeId());
        }
    }

    private static int currentUid() {
        return (int) new UnixSystem().getUid();
    }
}
