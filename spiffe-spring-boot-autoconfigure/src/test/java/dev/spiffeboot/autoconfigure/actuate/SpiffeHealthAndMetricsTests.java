package dev.spiffeboot.autoconfigure.actuate;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.spiffeboot.autoconfigure.ssl.SpiffeSslAutoConfiguration;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.devagent.junit.Eventually;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.tls.SpiffeTls;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpiffeHealthAndMetricsTests {

    private static final String SERVICE = "spiffe://example.org/service";

    private static final String OTHER = "spiffe://example.org/other";

    @RegisterExtension
    DevAgentExtension agent = DevAgentExtension.builder().identity(SERVICE).identity(OTHER).build();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class, SpiffeSslAutoConfiguration.class,
                    SpiffeHealthAutoConfiguration.class, SpiffeMetricsAutoConfiguration.class, MetricsAutoConfiguration.class))
            .withUserConfiguration(Registry.class)
            .withPropertyValues("spiffe.workload-api.address=" + this.agent.address(SERVICE),
                    "spiffe.workload-api.reconnect-initial-backoff=50ms", "spiffe.workload-api.reconnect-max-backoff=200ms");
    }

    @Test
    void healthIsUpWithIdentityDetailsAndNoSecrets() {
        runner().run(context -> {
            Health health = context.getBean("spiffeHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("spiffeId", SERVICE)
                .containsEntry("workloadApiConnected", true)
                .containsKeys("svidExpiresAt", "lastUpdate", "trustDomains");
            assertThat(health.getDetails().get("trustDomains")).asString().contains("example.org");
            X509Source source = context.getBean(X509Source.class);
            assertThat(health.toString()).doesNotContain("PRIVATE KEY")
                .doesNotContain(source.x509Svid().privateKeyPem().lines().skip(1).findFirst().orElseThrow());
        });
    }

    @Test
    void healthIsDownOnceTheSvidHasExpired() {
        runner().run(context -> {
            this.agent.agent().expireX509Svids();
            HealthIndicator indicator = context.getBean("spiffeHealthIndicator", HealthIndicator.class);
            await("expired SVID", () -> indicator.health().getStatus().equals(Status.DOWN));
            assertThat(indicator.health().getDetails().get("reason")).asString().startsWith("the X509-SVID expired at ");
        });
    }

    @Test
    void healthIsDownWhenTheWorkloadApiStaysUnreachablePastTheThreshold() {
        runner().withPropertyValues("management.health.spiffe.unreachable-threshold=0s").run(context -> {
            HealthIndicator indicator = context.getBean("spiffeHealthIndicator", HealthIndicator.class);
            this.agent.agent().stopServing();
            await("unreachable", () -> indicator.health().getStatus().equals(Status.DOWN));
            // the agent's sockets are gone while it does not serve: seen once the first reconnect has failed
            await("the connect failure", () -> "NO_SOCKET".equals(indicator.health().getDetails().get("connectFailure")));
            Health down = indicator.health();
            assertThat(down.getDetails().get("reason")).asString().startsWith("the Workload API has been unreachable since ");
            assertThat(down.getDetails().get("lastError")).asString().contains("UNAVAILABLE: no Workload API socket at ");
            this.agent.agent().startServing();
            await("reconnected", () -> indicator.health().getStatus().equals(Status.UP));
            assertThat(indicator.health().getDetails()).doesNotContainKey("connectFailure");
        });
    }

    @Test
    void metersExpiryRotationsAndReconnects() {
        runner().run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            double secondsToExpiry = registry.get("spiffe.svid.expiry").gauge().value();
            assertThat(secondsToExpiry).isBetween(3500.0, 3601.0);
            assertThat(registry.get("spiffe.svid.rotations").functionCounter().count()).isZero();
            this.agent.agent().rotateX509Svids();
            await("a rotation", () -> registry.get("spiffe.svid.rotations").functionCounter().count() == 1);
            this.agent.agent().stopServing();
            await("reconnects", () -> registry.get("spiffe.workload.api.reconnects").tag("source", "x509").functionCounter().count() > 0);
            assertThat(registry.get("spiffe.workload.api.connected").tag("source", "x509").gauge().value()).isZero();
            // each source sees the outage on its own stream
            await("a JWT source error", () -> registry.get("spiffe.workload.api.errors").tag("source", "jwt").functionCounter().count() > 0);
            this.agent.agent().startServing();
        });
    }

    @Test
    void countsRefusedTlsPeersByReason() throws Exception {
        try (X509Source other = X509Source.builder().address(this.agent.address(OTHER)).build()) {
            SSLContext serverTls = SpiffeSslContexts.mtlsServer(other, other, Authorizer.any());
            try (SSLServerSocket listener = SpiffeTls.listen(new InetSocketAddress("127.0.0.1", 0), serverTls)) {
                CompletableFuture.runAsync(() -> {
                    try {
                        SpiffeTls.accept(listener, Duration.ofSeconds(10)).close();
                    }
                    catch (Exception ex) {
                        // the client gives up the handshake
                    }
                });
                runner().withPropertyValues("spiffe.client.authorized-ids=" + SERVICE).run(context -> {
                    SSLContext client = context.getBean(SSLContext.class);
                    assertThatThrownBy(() -> SpiffeTls.dial(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), client,
                            Duration.ofSeconds(10))).hasMessageContaining("unexpected ID \"" + OTHER + "\"");
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("spiffe.authentication.failures")
                        .tags("kind", "x509", "peer", "server", "reason", "UNAUTHORIZED_ID")
                        .counter()
                        .count()).isEqualTo(1);
                });
            }
        }
    }

    @Test
    void staysOutOfTheWayWithoutActuatorOrMicrometer() {
        runner().withClassLoader(new FilteredClassLoader(HealthIndicator.class, MeterRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SpiffeHealthIndicator.class).doesNotHaveBean(SpiffeMetrics.class);
            assertThat(context.getBean(X509Source.class).x509Svid().id()).isEqualTo(SpiffeId.parse(SERVICE));
        });
    }

    private static void await(String what, BooleanSupplier condition) {
        Eventually.within(Duration.ofSeconds(10), what, condition);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
