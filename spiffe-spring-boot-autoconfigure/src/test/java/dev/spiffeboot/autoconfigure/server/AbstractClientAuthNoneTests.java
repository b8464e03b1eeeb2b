package dev.spiffeboot.autoconfigure.server;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spiffe.server.client-auth=none}: TLS only, with the server's X509-SVID; the server asks for no client
 * certificate, so even an unauthorized client's SVID never reaches the application.
 */
@TestPropertySource(properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=none",
        "spiffe.security.policy.rules[0].to[0].paths=/peer" })
public abstract class AbstractClientAuthNoneTests extends AbstractClientAuthTests {

    @Test
    void servesTlsWithTheSvidAndAsksForNoClientCertificate() throws IOException {
        HttpsProbe.Response response = HttpsProbe.get(this.port, "/peer", tlsOnly());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("none");
        assertThat(HttpsProbe.get(this.port, "/peer", mtlsAs(INTRUDER)).body()).isEqualTo("none");
    }
}
