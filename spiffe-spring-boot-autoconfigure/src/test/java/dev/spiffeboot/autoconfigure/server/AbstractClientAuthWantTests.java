package dev.spiffeboot.autoconfigure.server;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code spiffe.server.client-auth=want} at the TLS layer: a client may present an SVID, and one that is presented
 * must be authorized. The SPIFFE security lets every caller reach {@code /peer} here, so the test sees what the
 * handshake let through.
 */
@TestPropertySource(properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
        "spiffe.server.authorized-ids=spiffe://example.org/client",
        // this test is about the TLS layer: let callers without identity through
        "spiffe.security.policy.rules[0].to[0].paths=/peer" })
public abstract class AbstractClientAuthWantTests extends AbstractClientAuthTests {

    @Test
    void acceptsClientsWithAndWithoutAnSvidButStillRefusesUnauthorizedOnes() throws IOException {
        assertThat(HttpsProbe.get(this.port, "/peer", tlsOnly()).body()).isEqualTo("none");
        assertThat(HttpsProbe.get(this.port, "/peer", mtlsAs(CLIENT)).body()).isEqualTo(CLIENT);
        assertThatThrownBy(() -> HttpsProbe.get(this.port, "/peer", mtlsAs(INTRUDER))).isInstanceOf(IOException.class);
    }
}
