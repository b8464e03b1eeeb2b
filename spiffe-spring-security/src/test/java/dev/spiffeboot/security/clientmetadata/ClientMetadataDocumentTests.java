package dev.spiffeboot.security.clientmetadata;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading documents: as the issuer of tokens (keys and {@code private_key_jwt} required), and for an authorization
 * server that also authenticates clients by JWT-SVID, where a {@code spiffe_id} may stand in for the keys.
 */
class ClientMetadataDocumentTests {

    private static final URI URL = URI.create("https://service-a.example.com/.well-known/cimd-workload-1.json");

    private static Map<String, Object> document(Object... members) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("client_id", URL.toString());
        for (int i = 0; i < members.length; i += 2) {
            document.put((String) members[i], members[i + 1]);
        }
        return document;
    }

    private static Map<String, Object> keys() throws Exception {
        return Map.of("keys", List.of(new ECKeyGenerator(Curve.P_256).keyID("k1").generate().toPublicJWK().toJSONObject()));
    }

    private static String invalid(Map<String, Object> members, boolean spiffeIds) {
        try {
            ClientMetadataDocument.parse(URL, members, false, spiffeIds);
        }
        catch (ClientMetadataException ex) {
            assertThat(ex.kind()).isEqualTo(ClientMetadataException.Kind.INVALID);
            return ex.getMessage();
        }
        throw new AssertionError("the document was accepted");
    }

    @Test
    void aSpiffeIdStandsInForTheKeysWhenSpiffeIdsAreRead() throws ClientMetadataException {
        ClientMetadataDocument document = ClientMetadataDocument.parse(URL, document("client_name", "Service A",
                "spiffe_id", "spiffe://example.org/service-a/*"), false, true);
        assertThat(document.spiffeId()).isEqualTo("spiffe://example.org/service-a/*");
        assertThat(document.hasKeys()).isFalse();
        assertThat(document.tokenEndpointAuthMethod()).isNull();
        assertThat(document.members()).containsEntry("client_name", "Service A");
        assertThat(ClientMetadataDocument.parse(URL, document("token_endpoint_auth_method", "spiffe_jwt",
                "spiffe_id", "spiffe://example.org/service-a"), false, true).spiffeId()).isEqualTo("spiffe://example.org/service-a");
    }

    @Test
    void asTheIssuerOfTokensASpiffeIdIsNotReadAndKeysStayRequired() {
        assertThat(invalid(document("spiffe_id", "spiffe://example.org/service-a"), false))
            .endsWith("has token_endpoint_auth_method missing, not private_key_jwt");
    }

    @Test
    void aDocumentWithKeysMayNameASpiffeIdToo() throws Exception {
        ClientMetadataDocument document = ClientMetadataDocument.parse(URL, document("token_endpoint_auth_method",
                "private_key_jwt", "jwks", keys(), "spiffe_id", "spiffe://example.org/service-a"), false, true);
        assertThat(document.hasKeys()).isTrue();
        assertThat(document.tokenEndpointAuthMethod()).isEqualTo("private_key_jwt");
        assertThat(document.spiffeId()).isEqualTo("spiffe://example.org/service-a");
        assertThat(ClientMetadataDocument.parse(URL, document("token_endpoint_auth_method", "private_key_jwt", "jwks", keys(),
                "spiffe_id", "spiffe://example.org/service-a"), false, false).spiffeId()).isNull();
    }

    @Test
    void withoutKeysOrASpiffeIdTheMethodMustBeOneOfThem() throws Exception {
        assertThat(invalid(document(), true))
            .endsWith("has token_endpoint_auth_method missing, not private_key_jwt (nor spiffe_jwt with a spiffe_id)");
        assertThat(invalid(document("token_endpoint_auth_method", "spiffe_jwt"), true))
            .endsWith("has token_endpoint_auth_method \"spiffe_jwt\", not private_key_jwt (nor spiffe_jwt with a spiffe_id)");
        assertThat(invalid(document("token_endpoint_auth_method", "none", "spiffe_id", "spiffe://example.org/a"), true))
            .endsWith("has token_endpoint_auth_method \"none\", not private_key_jwt (nor spiffe_jwt with a spiffe_id)");
        assertThat(invalid(document("token_endpoint_auth_method", "private_key_jwt", "spiffe_id", "spiffe://example.org/a"), true))
            .endsWith("has no keys (neither jwks nor jwks_uri)");
    }

    @Test
    void aSpiffeIdMustBeOneOrAPathPrefixOfThem() {
        for (String bad : List.of("https://example.org/a", "spiffe://example.org/a*", "spiffe://example.org/*/b", "")) {
            assertThat(invalid(document("spiffe_id", bad), true)).as(bad)
                .endsWith("which is not a SPIFFE ID (nor one followed by /*)");
        }
        assertThat(invalid(document("spiffe_id", List.of("spiffe://example.org/a")), true))
            .endsWith("has a spiffe_id that is not a string");
    }
}
