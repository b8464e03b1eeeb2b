package dev.spiffeboot.security.resource;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Where the metadata of a protected resource is served, what it says, and which values RFC 9728 and RFC 8414 refuse. */
class ProtectedResourceTests {

    private static ProtectedResource at(String resource) {
        return ProtectedResource.builder().resource(resource).build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "https://api.example.com, https://api.example.com/.well-known/oauth-protected-resource",
            "https://api.example.com/, https://api.example.com/.well-known/oauth-protected-resource",
            "https://api.example.com/orders, https://api.example.com/.well-known/oauth-protected-resource/orders",
            "https://api.example.com/orders/, https://api.example.com/.well-known/oauth-protected-resource/orders/",
            "https://api.example.com:8443/a/b, https://api.example.com:8443/.well-known/oauth-protected-resource/a/b" })
    void theMetadataUrlIsTheIdentifierWithTheWellKnownPathInsertedAfterTheHost(String resource, String metadataUrl) {
        ProtectedResource protectedResource = at(resource);
        assertThat(protectedResource.metadataUrl("https://elsewhere.example.net/x?y=1", "/ctx")).isEqualTo(metadataUrl);
        String path = URI.create(metadataUrl).getPath();
        assertThat(protectedResource.servesMetadataAt(path)).isTrue();
        assertThat(protectedResource.servesMetadataAt(path + "/more")).isFalse();
        assertThat(protectedResource.resource()).contains(resource);
    }

    @Test
    void withoutAnIdentifierTheUrlIsDerivedFromTheRequest() {
        ProtectedResource derived = ProtectedResource.builder().authorizationServer("https://auth.example.com").build();
        assertThat(derived.metadataUrl("https://api.example.com:8443/orders/7?full=true", ""))
            .isEqualTo("https://api.example.com:8443/.well-known/oauth-protected-resource");
        assertThat(derived.metadataUrl("https://api.example.com/shop/orders", "/shop"))
            .isEqualTo("https://api.example.com/shop/.well-known/oauth-protected-resource");
        assertThat(derived.servesMetadataAt("/.well-known/oauth-protected-resource")).isTrue();
        assertThat(derived.servesMetadataAt("/.well-known/oauth-protected-resource/orders")).isTrue();
        assertThat(derived.servesMetadataAt("/.well-known/oauth-protected-resourceX")).isFalse();
        assertThat(derived.servesMetadataAt("/orders")).isFalse();
    }

    @Test
    void theDocumentNamesTheResourceItsServersScopesAndName() {
        ProtectedResource resource = ProtectedResource.builder().resource("https://api.example.com/orders")
            .authorizationServer("https://auth.example.com").authorizationServer("https://auth.example.com/tenants/b")
            .scope("orders.read").resourceName("Orders").build();
        OAuth2ProtectedResourceMetadata metadata = resource.metadata("https://derived.example.net");
        assertThat(metadata.getClaims()).containsExactly(Map.entry("resource", "https://api.example.com/orders"),
                Map.entry("bearer_methods_supported", List.of("header")),
                Map.entry("tls_client_certificate_bound_access_tokens", false),
                Map.entry("authorization_servers", List.of("https://auth.example.com", "https://auth.example.com/tenants/b")),
                Map.entry("scopes_supported", List.of("orders.read")), Map.entry("resource_name", "Orders"));
    }

    @Test
    void aDocumentWithoutOptionalMembersLeavesThemOut() {
        OAuth2ProtectedResourceMetadata metadata = ProtectedResource.builder().build().metadata("https://api.example.com");
        assertThat(metadata.getClaims()).containsOnlyKeys("resource", "bearer_methods_supported",
                "tls_client_certificate_bound_access_tokens");
        assertThat(metadata.getResource()).hasToString("https://api.example.com");
    }

    @Test
    void describingSpringsDocumentReplacesItsDerivedIdentifierAndItsClaimOfCertificateBoundTokens() {
        OAuth2ProtectedResourceMetadata.Builder spring = OAuth2ProtectedResourceMetadata.builder()
            .resource("https://derived.example.net").bearerMethod("header").tlsClientCertificateBoundAccessTokens(true);
        at("https://api.example.com").describe(spring);
        OAuth2ProtectedResourceMetadata metadata = spring.build();
        assertThat(metadata.getResource()).hasToString("https://api.example.com");
        assertThat(metadata.isTlsClientCertificateBoundAccessTokens()).isFalse();
        assertThat(metadata.getBearerMethodsSupported()).containsExactly("header");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = { "http://api.example.com|must be an https URL", "HTTPS://api.example.com|must be an https URL",
            "api.example.com|must be an https URL", "https:api.example.com|must name a host", "https:///orders|must name a host",
            "https://user:pw@api.example.com|must not carry user information", "https://api.example.com/#x|has a fragment",
            "https://api.example.com/?v=1|has a query", "https://api.example.com/a%2Fb|needs a plain path",
            "https://api.example.com/./a|needs a plain path", "https://api.example.com/a//b|needs a plain path",
            "https://api.example.com/a b|is not a URL" })
    void aResourceIdentifierRfc9728DoesNotAllowIsRefused(String resource, String reason) {
        assertThatIllegalArgumentException().isThrownBy(() -> ProtectedResource.builder().resource(resource))
            .withMessageStartingWith("\"" + resource + "\" " + reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = { "http://auth.example.com|must be an https URL",
            "https://auth.example.com?tenant=b|has a query or fragment", "https://auth.example.com#b|has a query or fragment",
            "https://|is not a URL" })
    void anIssuerRfc8414DoesNotAllowIsRefused(String issuer, String reason) {
        assertThatIllegalArgumentException().isThrownBy(() -> ProtectedResource.builder().authorizationServer(issuer))
            .withMessageStartingWith("\"" + issuer + "\" " + reason);
    }

    @Test
    void scopesAreScopeTokensAndTheNameIsNotBlank() {
        for (String scope : List.of("", "orders read", "orders\"", "orders\\", "ördres")) {
            assertThatIllegalArgumentException().isThrownBy(() -> ProtectedResource.builder().scope(scope)).withMessageContaining("is not a scope");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> ProtectedResource.builder().resourceName(" "));
        assertThat(ProtectedResource.builder().scope("urn:example:orders.read").resourceName("Orders API").build().scopesSupported())
            .containsExactly("urn:example:orders.read");
    }
}
