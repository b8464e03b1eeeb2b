package dev.spiffeboot.security.oauth2.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What a client reads on its way from a 401 to an access token: the challenge, the metadata, the token response. */
class DiscoveryDocumentsTests {

    private static final URI REQUESTED = URI.create("https://service-b.example.com:8443/api/counter?v=1");

    @Test
    void theBearerChallengesParametersAreReadWithQuotedStringsAndEscapes() {
        Map<String, String> parameters = WwwAuthenticate.bearerParameters(List.of(
                "Bearer error=\"invalid_token\", error_description=\"a \\\"quoted\\\" reason, with a comma\", "
                        + "resource_metadata=\"https://service-b.example.com:8443/.well-known/oauth-protected-resource\""));
        assertThat(parameters).containsEntry("error", "invalid_token")
            .containsEntry("error_description", "a \"quoted\" reason, with a comma")
            .containsEntry("resource_metadata", "https://service-b.example.com:8443/.well-known/oauth-protected-resource");
    }

    @Test
    void otherSchemesChallengesAreSkippedAndNamesAreCaseInsensitive() {
        assertThat(WwwAuthenticate.bearerParameters(List.of("Basic realm=\"x\", DPoP algs=\"ES256\", bearer Resource_Metadata=\"https://a/m\"")))
            .containsExactly(Map.entry("resource_metadata", "https://a/m"));
        assertThat(WwwAuthenticate.bearerParameters(List.of("Basic realm=\"x\""))).isNull();
        assertThat(WwwAuthenticate.bearerParameters(List.of("Bearer"))).isEmpty();
        assertThat(WwwAuthenticate.bearerParameters(List.of("Bearer error=\"unterminated"))).isEmpty();
        assertThat(WwwAuthenticate.bearerParameters(List.of())).isNull();
    }

    @Test
    void resourceMetadataMustBeAboutTheRequestedResource() {
        ProtectedResourceMetadata metadata = ProtectedResourceMetadata.parse(
                "{\"resource\":\"https://service-b.example.com:8443/api\",\"authorization_servers\":[\"https://as.example.com\", 7]}", REQUESTED);
        assertThat(metadata.resource()).hasToString("https://service-b.example.com:8443/api");
        assertThat(metadata.authorizationServers()).containsExactly(URI.create("https://as.example.com"));
        assertThat(ProtectedResourceMetadata.covers(URI.create("https://service-b.example.com:8443"), REQUESTED)).isTrue();
        assertThat(ProtectedResourceMetadata.covers(URI.create("https://SERVICE-B.example.com:8443/"), REQUESTED)).isTrue();
        assertThat(ProtectedResourceMetadata.covers(URI.create("https://service-b.example.com:8443/ap"), REQUESTED)).isFalse();
        assertThat(ProtectedResourceMetadata.covers(URI.create("https://service-b.example.com/api"), REQUESTED)).isFalse();
        assertThat(ProtectedResourceMetadata.covers(URI.create("http://service-b.example.com:8443/api"), REQUESTED)).isFalse();
        assertThat(ProtectedResourceMetadata.covers(URI.create("https://evil.example.com:8443/api"), REQUESTED)).isFalse();
        assertThatIllegalArgumentException()
            .isThrownBy(() -> ProtectedResourceMetadata.parse("{\"resource\":\"https://evil.example.com\"}", REQUESTED))
            .withMessageContaining("is about https://evil.example.com, not about https://service-b.example.com:8443/api/counter");
        assertThatIllegalArgumentException().isThrownBy(() -> ProtectedResourceMetadata.parse("{}", REQUESTED));
        assertThatIllegalArgumentException().isThrownBy(() -> ProtectedResourceMetadata.parse("[1]", REQUESTED));
    }

    @Test
    void authorizationServerMetadataIsAtTheWellKnownPathAndMustNameTheIssuer() {
        assertThat(AuthorizationServerMetadata.metadataUrl(URI.create("https://as.example.com")))
            .hasToString("https://as.example.com/.well-known/oauth-authorization-server");
        assertThat(AuthorizationServerMetadata.metadataUrl(URI.create("https://as.example.com:9443/tenant/1")))
            .hasToString("https://as.example.com:9443/.well-known/oauth-authorization-server/tenant/1");
        URI issuer = URI.create("https://as.example.com");
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse("{\"issuer\":\"https://as.example.com\","
                + "\"token_endpoint\":\"https://as.example.com/oauth2/token\",\"token_endpoint_auth_methods_supported\":"
                + "[\"private_key_jwt\",\"urn:ietf:params:oauth:client-assertion-type:jwt-spiffe\"]}", issuer);
        assertThat(metadata.tokenEndpoint()).hasToString("https://as.example.com/oauth2/token");
        assertThat(metadata.tokenEndpointAuthMethods()).hasSize(2);
        assertThatIllegalArgumentException()
            .isThrownBy(() -> AuthorizationServerMetadata.parse("{\"issuer\":\"https://evil.example.com\",\"token_endpoint\":\"https://x/t\"}", issuer))
            .withMessage("the authorization server metadata names issuer https://evil.example.com, not https://as.example.com");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> AuthorizationServerMetadata.parse("{\"issuer\":\"https://as.example.com\",\"token_endpoint\":\"http://as.example.com/t\"}", issuer));
        assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationServerMetadata.parse("{\"issuer\":\"https://as.example.com\"}", issuer));
    }

    @Test
    void aTokenResponseGivesABearerTokenAndItsExpiry() {
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        AccessToken token = AccessToken.parse("{\"access_token\":\"abc\",\"token_type\":\"bearer\",\"expires_in\":300}", now);
        assertThat(token.value()).isEqualTo("abc");
        assertThat(token.expiresAt()).isEqualTo(now.plusSeconds(300));
        assertThat(token.expiresWithin(Duration.ofSeconds(30), now.plusSeconds(269))).isFalse();
        assertThat(token.expiresWithin(Duration.ofSeconds(30), now.plusSeconds(270))).isTrue();
        assertThat(token.toString()).doesNotContain("abc");
        assertThat(AccessToken.parse("{\"access_token\":\"abc\",\"token_type\":\"Bearer\"}", now).expiresAt()).isEqualTo(now.plusSeconds(60));
        assertThatIllegalArgumentException().isThrownBy(() -> AccessToken.parse("{\"access_token\":\"abc\",\"token_type\":\"DPoP\"}", now));
        assertThatIllegalArgumentException().isThrownBy(() -> AccessToken.parse("{\"token_type\":\"Bearer\"}", now));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> AccessToken.parse("{\"access_token\":\"abc\",\"token_type\":\"Bearer\",\"expires_in\":0}", now));
    }
}
