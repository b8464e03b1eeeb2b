package dev.spiffeboot.security.oauth2.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a 401 leads a client, before any request: only to the same origin's metadata, only to trusted servers. */
class AccessTokenTargetsTests {

    private static final URI REQUESTED = URI.create("https://service-b.example.com:8443/api/counter");

    private final TrustedAuthorizationServer trusted = new TrustedAuthorizationServer(URI.create("https://as.example.com"),
            HttpClient.newHttpClient(), issuer -> Map.of(), null);

    private final AccessTokenTargets targets = new AccessTokenTargets(
            new AccessTokens(List.of(this.trusted), Duration.ofSeconds(30), Clock.systemUTC()), () -> "first", null);

    @Test
    void onlyMetadataOnTheRequestsOriginIsFollowed() {
        assertThat(this.targets.metadataUrl(List.of("Bearer resource_metadata=\"https://service-b.example.com:8443/.well-known/oauth-protected-resource\""),
                REQUESTED)).hasToString("https://service-b.example.com:8443/.well-known/oauth-protected-resource");
        assertThat(this.targets.metadataUrl(List.of("Bearer resource_metadata=\"https://evil.example.com/.well-known/oauth-protected-resource\""),
                REQUESTED)).isNull();
        assertThat(this.targets.metadataUrl(List.of("Bearer resource_metadata=\"http://service-b.example.com:8443/m\""), REQUESTED)).isNull();
        assertThat(this.targets.metadataUrl(List.of("Bearer resource_metadata=\"https://service-b.example.com:8443/a b\""), REQUESTED))
            .isNull();
        assertThat(this.targets.metadataUrl(List.of("Bearer error=\"invalid_token\""), REQUESTED)).isNull();
        assertThat(this.targets.metadataUrl(List.of(), REQUESTED)).isNull();
    }

    @Test
    void onlyATrustedServerOfMetadataAboutTheRequestedResourceIsATarget() {
        URI metadataUrl = URI.create("https://service-b.example.com:8443/.well-known/oauth-protected-resource");
        AccessTokenTargets.Target target = this.targets.trustedTarget("{\"resource\":\"https://service-b.example.com:8443/api\","
                + "\"authorization_servers\":[\"https://untrusted.example.com\",\"https://as.example.com\"]}", metadataUrl, REQUESTED);
        assertThat(target).isEqualTo(new AccessTokenTargets.Target(this.trusted, URI.create("https://service-b.example.com:8443/api")));
        assertThat(this.targets.trustedTarget("{\"resource\":\"https://service-b.example.com:8443\","
                + "\"authorization_servers\":[\"https://untrusted.example.com\"]}", metadataUrl, REQUESTED)).isNull();
        assertThat(this.targets.trustedTarget("{\"resource\":\"https://other.example.com\",\"authorization_servers\":[\"https://as.example.com\"]}",
                metadataUrl, REQUESTED)).isNull();
        assertThat(this.targets.trustedTarget("not json", metadataUrl, REQUESTED)).isNull();
    }

    @Test
    void withoutATargetTheFirstBearerIsSent() {
        assertThat(this.targets.keptBearer(REQUESTED)).isNull();
        assertThat(this.targets.bearer(REQUESTED)).isEqualTo("first");
    }
}
