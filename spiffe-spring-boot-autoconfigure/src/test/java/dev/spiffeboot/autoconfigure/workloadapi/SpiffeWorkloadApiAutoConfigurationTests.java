package dev.spiffeboot.autoconfigure.workloadapi;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.workloadapi.BundleSource;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.WorkloadApiException;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;

class SpiffeWorkloadApiAutoConfigurationTests {

    private static final String SERVER = "spiffe://example.org/server";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).build();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class));

    private String address() {
        return "spiffe.workload-api.address=" + agent.address(SERVER);
    }

    @Test
    void staysOffWithoutAnAddress() {
        this.runner.run(context -> assertThat(context).doesNotHaveBean(WorkloadApiClient.class).doesNotHaveBean(X509Source.class));
    }

    @Test
    void staysOffWhenDisabled() {
        this.runner.withPropertyValues(address(), "spiffe.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(X509Source.class));
    }

    @Test
    void createsTheClientAndLiveSources() {
        this.runner.withPropertyValues(address()).run(context -> {
            assertThat(context).hasSingleBean(WorkloadApiClient.class)
                .hasSingleBean(X509Source.class)
                .hasSingleBean(JwtSource.class)
                .hasSingleBean(BundleSource.class);
            assertThat(context.getBean(X509Source.class).x509Svid().id()).isEqualTo(SpiffeId.parse(SERVER));
            assertThat(context.getBean(JwtSource.class).bundles().bundles()).isNotEmpty();
        });
    }

    @Test
    void followsEachStreamOnceAndVerifiesPeersAgainstTheHandshakesBundles() {
        this.runner.withPropertyValues(address()).run(context -> {
            X509Source x509 = context.getBean(X509Source.class);
            BundleSource bundles = context.getBean(BundleSource.class);
            // the bundle source serves the very snapshots of the other two sources: it follows no stream of its own
            assertThat(bundles.x509Bundles()).isSameAs(x509.bundles());
            assertThat(bundles.jwtBundles()).isSameAs(context.getBean(JwtSource.class).bundles());
            X509SvidVerifier verifier = context.getBean(X509SvidVerifier.class);
            assertThat(verifier.verify(x509.x509Svid().chain()).id()).isEqualTo(SpiffeId.parse(SERVER));
            // a chain verified once is not verified again for the same bundles: the outcome is the same instance
            assertThat(verifier.verify(x509.x509Svid().chain())).isSameAs(verifier.verify(x509.x509Svid().chain()));
        });
    }

    @Test
    void aWorkloadThatFetchesNoX509SvidGetsBundlesAndJwtSvids() {
        this.runner.withPropertyValues(address(), "spiffe.workload-api.fetch-x509-svid=false").run(context -> {
            assertThat(context).doesNotHaveBean(X509Source.class).hasSingleBean(JwtSource.class).hasSingleBean(X509SvidVerifier.class);
            BundleSource bundles = context.getBean(BundleSource.class);
            assertThat(bundles.x509Bundles().trustDomains()).contains(TrustDomain.parse("example.org"));
            assertThat(bundles.state().connected()).isTrue();
            assertThat(context.getBean(JwtSource.class).fetchJwtSvid("spiffe://example.org/other").id())
                .isEqualTo(SpiffeId.parse(SERVER));
        });
    }

    @Test
    void usesSpiffeEndpointSocketWhenNoAddressIsSet() {
        this.runner.withPropertyValues("SPIFFE_ENDPOINT_SOCKET=" + agent.address(SERVER))
            .run(context -> assertThat(context.getBean(WorkloadApiClient.class).address()).isEqualTo(agent.address(SERVER)));
    }

    @Test
    void anEmptyAddressPropertyLeavesSpiffeEndpointSocketInCharge() {
        this.runner.withPropertyValues("spiffe.workload-api.address=", "SPIFFE_ENDPOINT_SOCKET=" + agent.address(SERVER))
            .run(context -> assertThat(context.getBean(WorkloadApiClient.class).address()).isEqualTo(agent.address(SERVER)));
    }

    @Test
    void backsOffForAUserDefinedSource() {
        this.runner.withPropertyValues(address()).withUserConfiguration(UserSource.class).run(context -> {
            assertThat(context).hasSingleBean(X509Source.class);
            assertThat(context.getBean(X509Source.class)).isSameAs(context.getBean("mySource"));
        });
    }

    @Test
    void refusesABadAddressNamingTheProperty() {
        this.runner.withPropertyValues("spiffe.workload-api.address=unix://host/tmp/agent.sock").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("invalid Workload API address \"unix://host/tmp/agent.sock\"");
            assertThat(context.getStartupFailure()).hasMessageContaining("spiffe.workload-api");
        });
    }

    @Test
    void refusesANegativeTimeoutNamingTheProperty() {
        this.runner.withPropertyValues(address(), "spiffe.workload-api.startup-timeout=-5s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasMessageContaining("spiffe.workload-api")
                .rootCause()
                .hasMessageContaining("startup timeout must be positive");
        });
    }

    @Test
    void failsToStartWithoutAnAgentAndExplainsWhy(@TempDir Path directory) {
        WorkloadApiAddress nowhere = WorkloadApiAddress.unix(directory.resolve("absent.sock"));
        this.runner
            .withPropertyValues("spiffe.workload-api.address=" + nowhere, "spiffe.workload-api.startup-timeout=1s",
                    "spiffe.workload-api.reconnect-initial-backoff=100ms")
            .run(context -> {
                assertThat(context).hasFailed();
                Throwable failure = context.getStartupFailure();
                assertThat(failure).hasRootCauseInstanceOf(WorkloadApiException.class);
                FailureAnalysis analysis = new WorkloadApiFailureAnalyzer().analyze(failure);
                assertThat(analysis.getDescription()).contains("could not get its SPIFFE identity")
                    .contains(nowhere.toString())
                    .contains("within PT1S")
                    .contains("UNAVAILABLE: no Workload API socket at " + directory.resolve("absent.sock")
                            + " (the agent is not running, or the address is wrong)");
                assertThat(analysis.getAction()).startsWith("Start the SPIFFE agent")
                    .contains("spiffe.workload-api.address")
                    .contains("SPIFFE_ENDPOINT_SOCKET")
                    .contains("spiffe.workload-api.startup-timeout");
            });
    }

    @Test
    void failsToStartOnAStaleSocketAndSaysNobodyListens(@TempDir Path directory) throws Exception {
        Path socket = directory.resolve("stale.sock");
        // a bound and closed Unix socket leaves its file behind, as a killed agent does
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        this.runner
            .withPropertyValues("spiffe.workload-api.address=" + WorkloadApiAddress.unix(socket), "spiffe.workload-api.startup-timeout=1s",
                    "spiffe.workload-api.reconnect-initial-backoff=100ms")
            .run(context -> {
                FailureAnalysis analysis = new WorkloadApiFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("UNAVAILABLE: connection refused at " + socket
                        + " (a socket file is there but no agent is listening)");
                assertThat(analysis.getAction()).startsWith("The agent that served this address has stopped and left its socket behind");
            });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserSource {

        @Bean
        X509Source mySource() {
            return X509Source.builder().address(agent.address(SERVER)).startupTimeout(Duration.ofSeconds(10)).build();
        }
    }
}
