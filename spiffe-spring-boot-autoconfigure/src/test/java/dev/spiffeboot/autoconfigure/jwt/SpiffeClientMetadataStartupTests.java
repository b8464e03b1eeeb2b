package dev.spiffeboot.autoconfigure.jwt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.spiffeboot.autoconfigure.ssl.SpiffeSslAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.authentication.IssuerTokenVerifiers;
import dev.spiffeboot.security.clientmetadata.ClientMetadataFetcher;
import dev.spiffeboot.security.clientmetadata.ClientMetadataTokenVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** When the client ID metadata issuers are configured, what stops the start-up, and how each bean backs off. */
class SpiffeClientMetadataStartupTests {

    static final String SERVER = "spiffe://example.org/server";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).build();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class, SpiffeSslAutoConfiguration.class,
                    SpiffeClientMetadataIssuersAutoConfiguration.class, SpiffeJwtAutoConfiguration.class))
            .withPropertyValues("spiffe.workload-api.address=" + agent.address(SERVER));
    }

    private static FailureAnalysis analysis(Throwable failure) {
        return new ClientMetadataIssuersFailureAnalyzer().analyze(failure);
    }

    @Test
    void nothingIsAllowedByDefault() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ClientMetadataTokenVerifier.class)
                .doesNotHaveBean(ClientMetadataFetcher.class);
            assertThat(context.getBean(IssuerTokenVerifiers.class).isEmpty()).isTrue();
        });
    }

    @Test
    void allowedIssuersRouteToTheVerifierAfterTheConfiguredIssuers() {
        runner().withPropertyValues("spiffe.jwt.client-metadata.allowed-issuers[0]=https://service-a.example.com/.well-known/*",
                "spiffe.jwt.client-metadata.audiences=https://service-b.example.com/api").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ClientMetadataTokenVerifier.class);
                    IssuerTokenVerifiers issuers = context.getBean(IssuerTokenVerifiers.class);
                    assertThat(issuers.forIssuer("https://service-a.example.com/.well-known/cimd-workload-1.json"))
                        .isSameAs(context.getBean(ClientMetadataTokenVerifier.class));
                    assertThat(issuers.forIssuer("https://service-x.example.com/.well-known/c.json")).isNull();
                });
    }

    @Test
    void allowedIssuersWithoutApacheHttpClientStopTheStartUpSayingWhatToAdd() {
        runner().withClassLoader(new FilteredClassLoader("org.apache.hc.client5"))
            .withPropertyValues("spiffe.jwt.client-metadata.allowed-issuers=https://service-a.example.com/c.json",
                    "spiffe.jwt.client-metadata.audiences=https://service-b.example.com")
            .run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = analysis(context.getStartupFailure());
                assertThat(analysis.getDescription()).isEqualTo("The application refused to start: spiffe.jwt.client-metadata"
                        + ".allowed-issuers is set, but the documents are fetched with Apache HttpClient, which is not on the class path.");
                assertThat(analysis.getAction()).startsWith("Add the dependency org.apache.httpcomponents.client5:httpclient5");
            });
    }

    @Test
    void allowedIssuersWithoutAudiencesStopTheStartUpNamingTheProperty() {
        runner().withPropertyValues("spiffe.jwt.client-metadata.allowed-issuers=https://service-a.example.com/c.json").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo("The application refused to start: spiffe.jwt.client-metadata.audiences "
                    + "must list at least one audience (without empty ones) when spiffe.jwt.client-metadata.allowed-issuers is set.");
            assertThat(analysis.getAction()).startsWith("Set spiffe.jwt.client-metadata.audiences to what clients put in 'aud'");
        });
    }

    @Test
    void aBadPatternStopsTheStartUpNamingIt() {
        runner().withPropertyValues("spiffe.jwt.client-metadata.allowed-issuers=https://service-a.example.com/c.json,http://service-b.example.com/*",
                "spiffe.jwt.client-metadata.audiences=api").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure()).getDescription()).isEqualTo("The application refused to start: "
                            + "spiffe.jwt.client-metadata.allowed-issuers[1] \"http://service-b.example.com/*\": must use the https "
                            + "scheme (http only for a loopback host, when loopback is allowed).");
                });
    }

    @Test
    void cacheBoundsTheWrongWayRoundStopTheStartUp() {
        runner().withPropertyValues("spiffe.jwt.client-metadata.allowed-issuers=https://service-a.example.com/c.json",
                "spiffe.jwt.client-metadata.audiences=api", "spiffe.jwt.client-metadata.min-cache-lifetime=2h",
                "spiffe.jwt.client-metadata.max-cache-lifetime=1h").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure()).getDescription())
                        .contains("spiffe.jwt.client-metadata.min-cache-lifetime (PT2H) is longer than");
                });
    }

    @Test
    void spiffeTrustWithoutAnSvidStopsTheStartUp() {
        runner().withPropertyValues("spiffe.jwt.client-metadata.allowed-issuers=https://service-a.example.com/c.json",
                "spiffe.jwt.client-metadata.audiences=api", "spiffe.jwt.client-metadata.trust=spiffe",
                "spiffe.workload-api.fetch-x509-svid=false").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure()).getDescription())
                        .contains("spiffe.jwt.client-metadata.trust is SPIFFE, but this workload has no X509-SVID");
                });
        runner().withPropertyValues("spiffe.jwt.client-metadata.allowed-issuers=https://service-a.example.com/c.json",
                "spiffe.jwt.client-metadata.audiences=api", "spiffe.jwt.client-metadata.trust=spiffe")
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ClientMetadataFetcher.class));
    }

    @Test
    void eachBeanBacksOffForTheApplications() {
        runner().withUserConfiguration(OwnFetcher.class)
            .withPropertyValues("spiffe.jwt.client-metadata.allowed-issuers=https://service-a.example.com/c.json",
                    "spiffe.jwt.client-metadata.audiences=api")
            .run(context -> assertThat(context).hasNotFailed().getBean(ClientMetadataFetcher.class)
                .isSameAs(context.getBean("ownFetcher")));
    }

    @Test
    void aBadSizeStopsTheStartUpNamingTheProperty() {
        runner().withPropertyValues("spiffe.jwt.client-metadata.allowed-issuers=https://service-a.example.com/c.json",
                "spiffe.jwt.client-metadata.audiences=api", "spiffe.jwt.client-metadata.max-document-size=0")
            .run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("Failed to bind properties under 'spiffe.jwt.client-metadata'")
                .hasStackTraceContaining("Unable to set value for property max-document-size")
                .hasStackTraceContaining("max document size must be positive"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFetcher {

        @Bean
        ClientMetadataFetcher ownFetcher() {
            return ClientMetadataFetcher.builder().build();
        }
    }
}
