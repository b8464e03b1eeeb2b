package dev.spiffeboot.autoconfigure.authorizationserver;

import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import dev.spiffeboot.autoconfigure.jwt.SpiffeClientMetadataIssuersAutoConfiguration;
import dev.spiffeboot.autoconfigure.jwt.SpiffeJwtAutoConfiguration;
import dev.spiffeboot.autoconfigure.ssl.SpiffeSslAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.clientmetadata.AllowedIssuers;
import dev.spiffeboot.security.clientmetadata.ClientMetadataFetcher;
import dev.spiffeboot.security.clientmetadata.ClientMetadataTokenVerifier;
import dev.spiffeboot.security.oauth2.server.authorization.ClientMetadataAssertionDecoderFactory;
import dev.spiffeboot.security.oauth2.server.authorization.ClientMetadataClients;
import dev.spiffeboot.security.oauth2.server.authorization.ClientMetadataRegisteredClientRepository;
import dev.spiffeboot.security.oauth2.server.authorization.JwtSvidClientAuthentication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the authorization server's clients of client ID metadata documents are configured: the beans, what stops the
 * start-up (with the analysis Spring Boot prints), and how each bean backs off. The application brings its own
 * authorization server beans, as Spring Boot's authorization server auto-configuration would.
 */
class ClientMetadataClientsStartupTests {

    static final String AUTH_SERVER = "spiffe://example.org/auth-server";

    static final String ALLOWED = "spiffe.authorization-server.client-metadata.allowed-clients=https://service-a.example.com/clients/*";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(AUTH_SERVER).build();

    private WebApplicationContextRunner runner() {
        return new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class, SpiffeSslAutoConfiguration.class,
                    SpiffeClientMetadataIssuersAutoConfiguration.class, SpiffeJwtAutoConfiguration.class,
                    SpiffeAuthorizationServerAutoConfiguration.class, SpiffeClientMetadataClientsAutoConfiguration.class))
            .withUserConfiguration(AuthorizationServer.class)
            .withPropertyValues("spiffe.workload-api.address=" + agent.address(AUTH_SERVER));
    }

    /** The analysis of the failure by the analyzers registered in {@code spring.factories}, as Spring Boot finds it. */
    private static FailureAnalysis analysis(Throwable failure) {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
            .load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> { }));
        return analyzers.stream().map(analyzer -> analyzer.analyze(failure)).filter(Objects::nonNull).findFirst().orElseThrow();
    }

    @Test
    void nothingIsAllowedByDefault() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ClientMetadataClients.class)
                .doesNotHaveBean(ClientMetadataAssertionDecoderFactory.class);
            assertThat(context.getBean(RegisteredClientRepository.class)).isInstanceOf(InMemoryRegisteredClientRepository.class);
        });
    }

    @Test
    void allowedClientsDecorateTheApplicationsRepository() {
        runner().withPropertyValues(ALLOWED).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ClientMetadataClients.class)
                .hasSingleBean(ClientMetadataAssertionDecoderFactory.class)
                .hasBean(SpiffeClientMetadataClientsAutoConfiguration.FETCHER_BEAN);
            RegisteredClientRepository repository = context.getBean(RegisteredClientRepository.class);
            assertThat(repository).isInstanceOf(ClientMetadataRegisteredClientRepository.class);
            assertThat(((ClientMetadataRegisteredClientRepository) repository).registered())
                .isInstanceOf(InMemoryRegisteredClientRepository.class);
            assertThat(repository.findByClientId("registered")).isNotNull();
            ClientMetadataClients clients = context.getBean(ClientMetadataClients.class);
            assertThat(clients.accepts("https://service-a.example.com/clients/a.json")).isTrue();
            assertThat(clients.accepts("https://service-b.example.com/clients/a.json")).isFalse();
        });
    }

    @Test
    void withoutRegisteredClientsTheDocumentsClientsAreTheRepositoryAndJwtSvidsApplyToThem() {
        new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class, SpiffeSslAutoConfiguration.class,
                    SpiffeJwtAutoConfiguration.class, SpiffeAuthorizationServerAutoConfiguration.class,
                    SpiffeClientMetadataClientsAutoConfiguration.class))
            .withBean(AuthorizationServerSettings.class, () -> AuthorizationServerSettings.builder().issuer("https://auth.example.org").build())
            .withPropertyValues("spiffe.workload-api.address=" + agent.address(AUTH_SERVER), ALLOWED)
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(RegisteredClientRepository.class)
                    .hasSingleBean(JwtSvidClientAuthentication.class);
                RegisteredClientRepository repository = context.getBean(RegisteredClientRepository.class);
                assertThat(repository).isInstanceOf(ClientMetadataRegisteredClientRepository.class);
                assertThat(repository.findByClientId("registered")).isNull();
                assertThat(repository.findByClientId("https://service-b.example.com/clients/a.json")).isNull();
            });
    }

    @Test
    void theResourceServersClientMetadataIssuersKeepTheirOwnFetcher() {
        runner().withPropertyValues(ALLOWED, "spiffe.jwt.client-metadata.allowed-issuers=https://service-a.example.com/c.json",
                "spiffe.jwt.client-metadata.audiences=https://auth.example.org/api").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ClientMetadataTokenVerifier.class).hasSingleBean(ClientMetadataClients.class);
                    assertThat(context.getBeansOfType(ClientMetadataFetcher.class)).hasSize(2);
                    assertThat(context.getBean(ClientMetadataFetcher.class)).as("by type, the resource server's")
                        .isSameAs(context.getBean("spiffeClientMetadataFetcher"));
                });
    }

    @Test
    void withoutAnIssuerTheStartUpStopsSayingWhatToSet() {
        runner().withPropertyValues(ALLOWED, "spiffe.authorization-server.jwt-svid-client-authentication.enabled=false",
                "test.issuer=").run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = analysis(context.getStartupFailure());
                assertThat(analysis.getDescription()).isEqualTo("The application refused to start: Client authentication with "
                        + "client ID metadata documents needs the authorization server's issuer identifier, the audience its client "
                        + "assertions must carry, but spring.security.oauth2.authorizationserver.issuer is not set, so the issuer "
                        + "would be taken from each request's Host header.");
                assertThat(analysis.getAction()).startsWith("Set spring.security.oauth2.authorizationserver.issuer")
                    .endsWith("or remove spiffe.authorization-server.client-metadata.allowed-clients to accept no client ID "
                            + "metadata document client.");
            });
    }

    @Test
    void aBadPatternStopsTheStartUpNamingIt() {
        runner().withPropertyValues("spiffe.authorization-server.client-metadata.allowed-clients=https://service-a.example.com/c.json,"
                + "http://service-b.example.com/*").run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analysis(context.getStartupFailure());
                    assertThat(analysis.getDescription()).isEqualTo("The application refused to start: "
                            + "spiffe.authorization-server.client-metadata.allowed-clients[1] \"http://service-b.example.com/*\": must "
                            + "use the https scheme (http only for a loopback host, when loopback is allowed).");
                    assertThat(analysis.getAction()).contains("spiffe.authorization-server.client-metadata.allow-loopback=true")
                        .endsWith("Or remove spiffe.authorization-server.client-metadata.allowed-clients to accept no client ID "
                                + "metadata document client.");
                });
    }

    @Test
    void withoutApacheHttpClientTheStartUpStopsSayingWhatToAdd() {
        runner().withClassLoader(new FilteredClassLoader("org.apache.hc.client5")).withPropertyValues(ALLOWED).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo("The application refused to start: spiffe.authorization-server."
                    + "client-metadata.allowed-clients is set, but the documents are fetched with Apache HttpClient, which is not on "
                    + "the class path.");
            assertThat(analysis.getAction()).startsWith("Add the dependency org.apache.httpcomponents.client5:httpclient5");
        });
    }

    @Test
    void spiffeTrustWithoutAnSvidOrCacheBoundsTheWrongWayRoundStopTheStartUp() {
        runner().withPropertyValues(ALLOWED, "spiffe.authorization-server.client-metadata.trust=spiffe",
                "spiffe.workload-api.fetch-x509-svid=false").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure()).getDescription())
                        .contains("spiffe.authorization-server.client-metadata.trust is SPIFFE, but this workload has no X509-SVID");
                });
        runner().withPropertyValues(ALLOWED, "spiffe.authorization-server.client-metadata.trust=spiffe")
            .run(context -> assertThat(context).hasNotFailed().hasBean(SpiffeClientMetadataClientsAutoConfiguration.FETCHER_BEAN));
        runner().withPropertyValues(ALLOWED, "spiffe.authorization-server.client-metadata.min-cache-lifetime=2h",
                "spiffe.authorization-server.client-metadata.max-cache-lifetime=1h").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure()).getDescription())
                        .contains("spiffe.authorization-server.client-metadata.min-cache-lifetime (PT2H) is longer than");
                });
    }

    @Test
    void eachBeanBacksOffForTheApplications() {
        runner().withUserConfiguration(OwnClients.class).withPropertyValues(ALLOWED).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ClientMetadataClients.class)).isSameAs(context.getBean("ownClients"));
            assertThat(context.getBean(ClientMetadataAssertionDecoderFactory.class)).isSameAs(context.getBean("ownDecoders"));
            assertThat(context.getBean(RegisteredClientRepository.class)).isInstanceOf(ClientMetadataRegisteredClientRepository.class);
        });
    }

    /** The authorization server of the application: one registered client, and its issuer ({@code test.issuer}). */
    @Configuration(proxyBeanMethods = false)
    static class AuthorizationServer {

        @Bean
        RegisteredClientRepository registeredClientRepository() {
            return new InMemoryRegisteredClientRepository(RegisteredClient.withId("registered")
                .clientId("registered")
                .clientSecret("{noop}secret")
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .build());
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings(Environment environment) {
            String issuer = environment.getProperty("test.issuer", "https://auth.example.org");
            return issuer.isEmpty() ? AuthorizationServerSettings.builder().build()
                    : AuthorizationServerSettings.builder().issuer(issuer).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClients {

        @Bean
        ClientMetadataFetcher ownFetcher() {
            return ClientMetadataFetcher.builder().build();
        }

        @Bean
        ClientMetadataClients ownClients(ClientMetadataFetcher ownFetcher) {
            return ClientMetadataClients.builder(AllowedIssuers.of(List.of("https://service-a.example.com/a.json"), false),
                    "https://auth.example.org", ownFetcher).build();
        }

        @Bean
        ClientMetadataAssertionDecoderFactory ownDecoders(ClientMetadataClients ownClients) {
            return new ClientMetadataAssertionDecoderFactory(ownClients);
        }
    }
}
