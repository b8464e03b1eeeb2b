package dev.spiffeboot.devagent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.spiffeid.TrustDomain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevAgentConfigTests {

    @TempDir
    Path directory;

    private DevAgentConfig load(String yaml) throws Exception {
        return DevAgentConfig.load(Files.writeString(this.directory.resolve("agent.yml"), yaml));
    }

    @Test
    void readsAFullConfiguration() throws Exception {
        DevAgentConfig config = load(String.join("\n",
                "trust-domain: example.org",
                "ca-directory: ca",
                "x509-svid-ttl: 10m",
                "jwt-svid-ttl: 30s",
                "federated-trust-domain: partner.org",
                "endpoints:",
                "  - socket: sockets/server.sock",
                "    spiffe-id: spiffe://example.org/server",
                "  - socket: /tmp/shared.sock",
                "    identities:",
                "      - spiffe-id: spiffe://example.org/billing",
                "        uid: 1000",
                "      - spiffe-id: spiffe://partner.org/ops",
                "        gid: 50",
                "        hint: internal",
                "  - tcp: 127.0.0.1:8081",
                "    spiffe-id: spiffe://example.org/tcp"));
        assertThat(config.trustDomain()).isEqualTo(TrustDomain.parse("example.org"));
        assertThat(config.caDirectory()).isEqualTo(this.directory.resolve("ca"));
        assertThat(config.x509SvidTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.jwtSvidTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.federatedTrustDomain()).contains(TrustDomain.parse("partner.org"));
        assertThat(config.endpoints()).hasSize(3);
        assertThat(config.endpoints().get(0).socket()).isEqualTo(this.directory.resolve("sockets/server.sock"));
        Identity ops = config.endpoints().get(1).identities().get(1);
        assertThat(ops.gid()).isEqualTo(50);
        assertThat(ops.hint()).isEqualTo("internal");
        assertThat(config.endpoints().get(2).tcp().getPort()).isEqualTo(8081);
    }

    @Test
    void readsTheExpiredJwtSvidsFlag() throws Exception {
        DevAgentConfig config = load("trust-domain: example.org\nendpoints:\n  - socket: a.sock\n    spiffe-id: spiffe://example.org/a\n"
                + "    expired-jwt-svids: true\n  - socket: b.sock\n    spiffe-id: spiffe://example.org/b\n");
        assertThat(config.endpoints().get(0).identities().get(0).expiredJwtSvids()).isTrue();
        assertThat(config.endpoints().get(1).identities().get(0).expiredJwtSvids()).isFalse();
        assertThatThrownBy(() -> load("trust-domain: example.org\nendpoints:\n  - socket: a.sock\n    spiffe-id: spiffe://example.org/a\n"
                + "    expired-jwt-svids: sometimes\n")).hasMessageEndingWith("agent.yml: endpoints[0].expired-jwt-svids: expected true or false, got sometimes");
    }

    @Test
    void usesDefaults() throws Exception {
        DevAgentConfig config = load("trust-domain: example.org\nendpoints:\n  - socket: a.sock\n    spiffe-id: spiffe://example.org/a\n");
        assertThat(config.x509SvidTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.jwtSvidTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.caDirectory()).isEqualTo(this.directory.resolve("dev-ca"));
        assertThat(config.federatedTrustDomain()).isEmpty();
    }

    @Test
    void namesThePropertyThatIsWrong() {
        assertError("trust-domain: Example.org\nendpoints: []", "trust domain must be lower case");
        assertError("trust-domain: example.org\nendpoints: []", "endpoints: at least one endpoint is needed");
        assertError("trust-domain: example.org\nendpointz: []", "endpointz: unknown property");
        assertError("trust-domain: example.org\nx509-svid-ttl: soon\nendpoints: []", "x509-svid-ttl: \"soon\" is not a duration");
        assertError("trust-domain: example.org\nendpoints:\n  - socket: a.sock\n    spiffe-id: spiffe://example.org/a//b",
                "endpoints[0].spiffe-id: invalid SPIFFE ID");
        assertError("trust-domain: example.org\nendpoints:\n  - socket: a.sock\n    spiffe-id: spiffe://other.org/a",
                "is in neither the trust domain nor the federated trust domain");
        assertError("trust-domain: example.org\nendpoints:\n  - socket: a.sock\n    tcp: 127.0.0.1:1\n    spiffe-id: spiffe://example.org/a",
                "endpoints[0].socket/tcp: give exactly one of them");
        assertError("trust-domain: example.org\nendpoints:\n  - tcp: 10.1.2.3:80\n    spiffe-id: spiffe://example.org/a",
                "endpoints[0].tcp: the dev agent only listens on loopback");
        assertError("trust-domain: example.org\nendpoints:\n  - socket: a.sock\n    spiffe-id: spiffe://example.org",
                "must have a path");
        assertError("trust-domain: example.org\nendpoints:\n  - socket: a.sock\n    identities:\n      - spiffe-id: spiffe://example.org/x\n        uid: me",
                "endpoints[0].identities[0].uid: expected a number");
    }

    private void assertError(String yaml, String message) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
