package dev.spiffeboot.security.oauth2.server.authorization;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import dev.spiffeboot.spiffeid.SpiffeId;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSpiffeIdsTests {

    private static RegisteredClient client(String clientId, ClientSettings settings) {
        return RegisteredClient.withId("id").clientId(clientId)
            .clientAuthenticationMethod(JwtSvidClientAuthentication.METHOD)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .clientSettings(settings)
            .build();
    }

    @Test
    void aClientWhoseIdIsASpiffeIdIsBoundToIt() {
        assertThat(ClientSpiffeIds.of(client("spiffe://example.org/client", ClientSettings.builder().build())))
            .isEqualTo("spiffe://example.org/client");
    }

    @Test
    void theSettingBindsAClientWhoseIdIsAUrl() {
        ClientSettings settings = ClientSettings.builder()
            .setting(JwtSvidClientAuthentication.SPIFFE_ID_SETTING, "spiffe://example.org/workloads/*")
            .build();
        assertThat(ClientSpiffeIds.of(client("https://client.example.org/metadata.json", settings)))
            .isEqualTo("spiffe://example.org/workloads/*");
    }

    @Test
    void aClientWhoseIdIsAUrlWithoutTheSettingIsBoundToNothing() {
        assertThat(ClientSpiffeIds.of(client("https://client.example.org/metadata.json", ClientSettings.builder().build())))
            .isNull();
    }

    @Test
    void aBindingWithoutWildcardMatchesTheIdAlone() {
        assertThat(ClientSpiffeIds.matches("spiffe://example.org/client", SpiffeId.parse("spiffe://example.org/client"))).isTrue();
        assertThat(ClientSpiffeIds.matches("spiffe://example.org/client", SpiffeId.parse("spiffe://example.org/client/1"))).isFalse();
        assertThat(ClientSpiffeIds.matches("spiffe://example.org/client", SpiffeId.parse("spiffe://example.org/clients"))).isFalse();
    }

    @Test
    void aWildcardMatchesWholePathSegmentsBelowThePrefix() {
        String binding = "spiffe://example.org/client/*";
        assertThat(ClientSpiffeIds.matches(binding, SpiffeId.parse("spiffe://example.org/client/123"))).isTrue();
        assertThat(ClientSpiffeIds.matches(binding, SpiffeId.parse("spiffe://example.org/client/1/2"))).isTrue();
        assertThat(ClientSpiffeIds.matches(binding, SpiffeId.parse("spiffe://example.org/client123"))).isFalse();
        assertThat(ClientSpiffeIds.matches(binding, SpiffeId.parse("spiffe://example.org/client"))).isFalse();
        assertThat(ClientSpiffeIds.matches(binding, SpiffeId.parse("spiffe://example.com/client/123"))).isFalse();
    }
}
