package dev.spiffeboot.autoconfigure.server;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spiffe.server.client-auth=want} behind the SPIFFE security chain, which requires an identity: a client's
 * X509-SVID authenticates it, and a client without a certificate is asked for a JWT-SVID. Without
 * {@code spiffe.security.resource-metadata.*} there is no RFC 9728 metadata and no {@code resource_metadata}.
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

    @Test
    void servesNoResourceMetadataUnlessAskedFor() throws IOException {
        for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/peer")) {
            assertThat(HttpsProbe.get(this.port, path, mtlsAs(CLIENT)).status()).as(path).isEqualTo(404);
            HttpsProbe.Response anonymous = HttpsProbe.get(this.port, path, tlsOnly());
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().get("www-authenticate")).containsExactly("Bearer");
        }
    }
}
