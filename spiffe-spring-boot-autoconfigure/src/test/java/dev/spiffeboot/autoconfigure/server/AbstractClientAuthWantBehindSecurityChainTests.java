package dev.spiffeboot.autoconfigure.server;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spiffe.server.client-auth=want} behind the SPIFFE security chain, which requires an identity: a client's
 * X509-SVID authenticates it, and a client without a certificate is asked for a JWT-SVID.
 */
@TestPropertySource(properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
        "spiffe.server.authorized-ids=spiffe://example.org/client" })
public abstract class AbstractClientAuthWantBehindSecurityChainTests extends AbstractClientAuthTests {

    @Test
    void authenticatesAClientSvidAndAsksOthersForAJwtSvid() throws IOException {
        assertThat(HttpsProbe.get(this.port, "/peer", mtlsAs(CLIENT)).body()).isEqualTo(CLIENT);
        HttpsProbe.Response anonymous = HttpsProbe.get(this.port, "/peer", tlsOnly());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
    }
}
