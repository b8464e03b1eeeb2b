package dev.spiffeboot.autoconfigure.oauth2.client;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.spiffeboot.autoconfigure.clientmetadata.SpiffeClientMetadataAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.oauth2.client.AccessTokens;

import static org.assertj.core.api.Assertions.assertThat;

/** The trusted authorization servers of {@code spiffe.oauth2.client}, and the start-ups refused for them. */
class OAuth2ClientStartupTests {

    private static final String CLIENT = "spiffe://example.org/client";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(CLIENT).build();

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            SpiffeWorkloadApiAutoConfiguration.class, SpiffeClientMetadataAutoConfiguration.class, SpiffeOAuth2ClientAutoConfiguration.class))
        .withPropertyValues("spiffe.workload-api.address=" + agent.address(CLIENT));

    @Test
    void noServerIsTrustedByDefault() {
        this.runner.run(context -> assertThat(context.getBean(AccessTokens.class)
            .firstTrusted(List.of(URI.create("https://as.example.com")))).isEmpty());
    }

    @Test
    void theConfiguredServersAreTrusted() {
        this.runner.withPropertyValues("spiffe.oauth2.client.authorization-servers[0].issuer=https://as.example.com",
                "spiffe.oauth2.client.authorization-servers[0].spiffe-id=spiffe://example.org/auth-server")
            .run(context -> assertThat(context.getBean(AccessTokens.class)
                .firstTrusted(List.of(URI.create("https://other.example.com"), URI.create("https://as.example.com"))))
                .hasValueSatisfying(server -> assertThat(server.issuer()).hasToString("https://as.example.com")));
    }

    @Test
    void aMalformedIssuerOrSpiffeIdStopsTheStartUp() {
        this.runner.withPropertyValues("spiffe.oauth2.client.authorization-servers[0].issuer=https://as.example.com#x")
            .run(context -> assertThat(analysis(context.getStartupFailure()).getDescription()).contains(
                    "spiffe.oauth2.client.authorization-servers[0].issuer must be the server's issuer identifier"));
        this.runner.withPropertyValues("spiffe.oauth2.client.authorization-servers[0].issuer=https://as.example.com",
                "spiffe.oauth2.client.authorization-servers[0].spiffe-id=https://as.example.com")
            .run(context -> assertThat(analysis(context.getStartupFailure()).getDescription()).contains(
                    "spiffe.oauth2.client.authorization-servers[0].spiffe-id"));
    }

    @Test
    void clientIdJwtsWithoutAClientIdMetadataDocumentStopTheStartUp() {
        this.runner.withPropertyValues("spiffe.oauth2.client.authorization-servers[0].issuer=https://as.example.com",
                "spiffe.oauth2.client.authorization-servers[0].client-authentication=client-id-jwt")
            .run(context -> {
                FailureAnalysis analysis = analysis(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("client-authentication is CLIENT_ID_JWT, but this application "
                        + "has no client ID metadata document");
                assertThat(analysis.getAction()).startsWith("Set spiffe.client-metadata.client-id");
            });
    }

    private static FailureAnalysis analysis(Throwable failure) {
        assertThat(failure).isNotNull();
        FailureAnalysis analysis = new OAuth2ClientFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis;
    }
}
