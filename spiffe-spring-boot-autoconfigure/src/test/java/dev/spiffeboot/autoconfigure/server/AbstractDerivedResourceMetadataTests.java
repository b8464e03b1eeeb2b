package dev.spiffeboot.autoconfigure.server;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RFC 9728 protected resource metadata without a resource identifier, on the server a subclass chooses as
 * {@link TestWebServers} says: listing authorization servers turns it on, and the identifier and the metadata URL are
 * derived from each request's {@code Host} header as Spring Security derives them, alike on every stack. The
 * requests of {@link HttpsProbe} say {@code Host: localhost}, so the origin is {@code https://localhost}.
 */
@TestPropertySource(properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
        "spiffe.security.resource-metadata.authorization-servers=https://auth.example.com" })
public abstract class AbstractDerivedResourceMetadataTests extends AbstractClientAuthTests {

    private static final String METADATA_URL = "https://localhost/.well-known/oauth-protected-resource";

    @Test
    void the401PointsToTheMetadataUnderTheRequestsOrigin() throws IOException {
        HttpsProbe.Response response = HttpsProbe.get(this.port, "/peer", tlsOnly());
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("www-authenticate")).containsExactly("Bearer resource_metadata=\"" + METADATA_URL + "\"");
    }

    @Test
    void theDocumentThereNamesTheOriginAsTheResource() throws IOException {
        HttpsProbe.Response response = HttpsProbe.get(this.port, "/.well-known/oauth-protected-resource", tlsOnly());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.body()).isEqualTo("{\"resource\":\"https://localhost\",\"bearer_methods_supported\":[\"header\"],"
                + "\"tls_client_certificate_bound_access_tokens\":false,\"authorization_servers\":[\"https://auth.example.com\"]}");
    }

    @Test
    void aPathBelowTheWellKnownOneDescribesTheResourceAtThatPath() throws IOException {
        for (String path : List.of("/reports", "/reports/2026")) {
            HttpsProbe.Response response = HttpsProbe.get(this.port, "/.well-known/oauth-protected-resource" + path, mtlsAs(CLIENT));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).startsWith("{\"resource\":\"https://localhost" + path + "\",");
        }
    }
}
