package dev.spiffeboot.security.oauth2.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.spiffeboot.testing.MutableClock;
import dev.spiffeboot.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PublishedClientMetadataTests {

    private static final URI CLIENT_ID = URI.create("https://service-a.example.com/.well-known/cimd-workload-1.json");

    private final SvidSigningKeys keys = new SvidSigningKeys(TestCa.root("example.org").leaf("spiffe://example.org/a").svid(),
            Duration.ofMinutes(6), new MutableClock(Instant.parse("2026-11-26T12:00:00Z")));

    @Test
    void theDocumentNamesItselfAndPointsToTheKeys() throws Exception {
        PublishedClientMetadata metadata = new PublishedClientMetadata(CLIENT_ID, "Service A",
                URI.create("https://service-a.example.com/.well-known/jwks.json"), this.keys, Duration.ofMinutes(1));
        Map<String, Object> document = JSONObjectUtils.parse(metadata.documentJson());
        assertThat(document).containsEntry("client_id", CLIENT_ID.toString())
            .containsEntry("client_name", "Service A")
            .containsEntry("jwks_uri", "https://service-a.example.com/.well-known/jwks.json")
            .containsEntry("token_endpoint_auth_method", "private_key_jwt")
            .containsEntry("grant_types", List.of("client_credentials"))
            .doesNotContainKey("jwks");
        Map<String, Object> jwks = JSONObjectUtils.parse(metadata.jwkSetJson());
        assertThat(JSONObjectUtils.getJSONObjectArray(jwks, "keys")).hasSize(1)
            .allSatisfy(key -> assertThat(key).doesNotContainKey("d").containsKeys("kid", "x5c", "x", "y"));
    }

    @Test
    void withoutJwksUriTheKeysAreInline() throws Exception {
        PublishedClientMetadata metadata = new PublishedClientMetadata(CLIENT_ID, null, null, this.keys, Duration.ofMinutes(1));
        Map<String, Object> document = JSONObjectUtils.parse(metadata.documentJson());
        assertThat(document).doesNotContainKeys("jwks_uri", "client_name");
        assertThat(JSONObjectUtils.getJSONObjectArray(JSONObjectUtils.getJSONObject(document, "jwks"), "keys")).hasSize(1)
            .allSatisfy(key -> assertThat(key).doesNotContainKey("d"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://service-a.example.com/doc.json", "https://service-a.example.com",
            "https://service-a.example.com/", "https://service-a.example.com/a/../doc.json",
            "https://service-a.example.com/./doc.json", "https://service-a.example.com/%2e%2e/doc.json",
            "https://service-a.example.com/doc.json#x", "https://user@service-a.example.com/doc.json",
            "https://service-a.example.com/doc.json?v=1", "ftp://service-a.example.com/doc.json", "/doc.json" })
    void aClientIdTheDraftForbidsIsRefused(String clientId) {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new PublishedClientMetadata(URI.create(clientId), null, null, this.keys, Duration.ofMinutes(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1:8443/doc.json", "http://localhost/doc.json", "http://[::1]:9/doc.json",
            "https://service-a.example.com:8443/a/b/doc.json" })
    void httpsOrLoopbackHttpClientIdsAreAccepted(String clientId) {
        assertThat(new PublishedClientMetadata(URI.create(clientId), null, null, this.keys, Duration.ofMinutes(1)).clientId())
            .hasToString(clientId);
    }
}
