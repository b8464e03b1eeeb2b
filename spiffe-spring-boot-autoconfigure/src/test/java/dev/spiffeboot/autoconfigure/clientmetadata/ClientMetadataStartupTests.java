package dev.spiffeboot.autoconfigure.clientmetadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.security.oauth2.client.ClientMetadataEndpoints;
import dev.spiffeboot.security.web.server.oauth2.PublicDocumentsWebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/** When the client ID metadata document is published, and the start-ups refused for it. */
class ClientMetadataStartupTests {

    private static final String SERVICE = "spiffe://example.org/service-a";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVICE).build();

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class, SpiffeClientMetadataAutoConfiguration.class, SpiffePublicDocumentsAutoConfiguration.class));

    private String address() {
        return "spiffe.workload-api.address=" + agent.address(SERVICE);
    }

    @Test
    void staysOffWithoutAClientId() {
        this.runner.withPropertyValues(address()).run(context -> assertThat(context).doesNotHaveBean(ClientIdJwts.class));
    }

    @Test
    void signsAsTheClientWhenTheClientIdIsSetAndServesNothingWithoutAWebServer() {
        this.runner.withPropertyValues(address(), "spiffe.client-metadata.client-id=https://a.example.com/client.json")
            .run(context -> {
                assertThat(context.getBean(ClientIdJwts.class).clientId()).isEqualTo("https://a.example.com/client.json");
                assertThat(context).doesNotHaveBean(PublicDocumentsWebFilter.class);
                assertThat(context.getBean(ClientMetadataEndpoints.class).jwkSetPath()).isEqualTo("/.well-known/client-jwks.json");
            });
    }

    @Test
    void inlineKeysNeedNoJwkSetPath() {
        this.runner.withPropertyValues(address(), "spiffe.client-metadata.client-id=https://a.example.com/client.json",
                "spiffe.client-metadata.inline-jwks=true")
            .run(context -> assertThat(context.getBean(ClientMetadataEndpoints.class).jwkSetPath()).isNull());
    }

    @Test
    void aReactiveApplicationGetsTheWebFilter() {
        new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class, SpiffeClientMetadataAutoConfiguration.class, SpiffePublicDocumentsAutoConfiguration.class))
            .withPropertyValues(address(), "spiffe.client-metadata.client-id=https://a.example.com/client.json")
            .run(context -> assertThat(context).hasSingleBean(PublicDocumentsWebFilter.class));
    }

    @Test
    void refusesToStartWithoutAnX509Svid() {
        this.runner.withPropertyValues("spiffe.client-metadata.client-id=https://a.example.com/client.json").run(context -> {
            FailureAnalysis analysis = new SpiffeClientMetadataFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("spiffe.client-metadata.client-id is set, but this application"
                    + " fetches no X509-SVID");
            assertThat(analysis.getAction()).startsWith("Set spiffe.workload-api.address");
        });
    }

    @Test
    void refusesToStartWithAClientIdTheDraftForbids() {
        this.runner.withPropertyValues(address(), "spiffe.client-metadata.client-id=http://a.example.com/client.json").run(context -> {
            FailureAnalysis analysis = new SpiffeClientMetadataFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("spiffe.client-metadata: the client ID must be an https URL"
                    + " (http only for a loopback host), got http://a.example.com/client.json");
        });
    }

    @Test
    void refusesToStartWhenTheDocumentAndTheKeysShareAPath() {
        this.runner.withPropertyValues(address(), "spiffe.client-metadata.client-id=https://a.example.com/client.json",
                "spiffe.client-metadata.jwks-path=/client.json").run(context -> {
                    FailureAnalysis analysis = new SpiffeClientMetadataFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("the document and the JWK Set need different paths");
                });
    }
}
