package dev.spiffeboot.workloadapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.devagent.junit.Eventually;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509Svid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** X509Source against a live dev agent: updates, rotation, outages, restarts, start-up failures and clean shutdown. */
class X509SourceTests {

    private static final String SERVER = "spiffe://example.org/server";

    private static final Backoff FAST = Backoff.of(Duration.ofMillis(50), 2, Duration.ofMillis(400), 0.2);

    @RegisterExtension
    DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).build();

    private X509Source source() {
        return X509Source.builder().address(this.agent.address(SERVER)).backoff(FAST).startupTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void servesTheSvidAndBundlesAndReportsItsState() {
        try (X509Source source = source()) {
            assertThat(source.x509Svid().id()).isEqualTo(SpiffeId.parse(SERVER));
            assertThat(source.findX509Bundle(TrustDomain.parse("example.org"))).isPresent();
            assertThat(source.findX509Bundle(TrustDomain.parse("other.org"))).isEmpty();
            SourceState state = source.state();
            assertThat(state.connected()).isTrue();
            assertThat(state.updates()).isEqualTo(1);
            assertThat(state.lastUpdate()).isPresent();
            assertThat(state.svidExpiresAt()).contains(source.x509Svid().expiresAt());
            assertThat(state.lastError()).isEmpty();
        }
    }

    @Test
    void followsRotationAndCallsListeners() {
        try (X509Source source = source()) {
            X509Svid first = source.x509Svid();
            List<X509Context> updates = new CopyOnWriteArrayList<>();
            source.addListener(updates::add);
            this.agent.agent().rotateX509Svids();
            Eventually.within(Duration.ofSeconds(5), "the rotated SVID", () -> !source.x509Svid().equals(first));
            assertThat(source.x509Svid()).isEqualTo(this.agent.agent().currentX509Svid(SpiffeId.parse(SERVER)));
            Eventually.within(Duration.ofSeconds(5), "the listener call", () -> updates.size() == 1);
            assertThat(updates.get(0).defaultSvid()).isEqualTo(source.x509Svid());
            assertThat(source.state().updates()).isEqualTo(2);
        }
    }

    @Test
    void aBuilderChangedAfterBuildChangesNothingRunning() {
        X509Source.Builder builder = X509Source.builder().address(this.agent.address(SERVER)).backoff(FAST);
        try (X509Source source = builder.build()) {
            X509Svid first = source.x509Svid();
            // with this hint taken over, every later update would be refused: the agent issues no SVID with it
            builder.hint("no-such-hint");
            this.agent.agent().rotateX509Svids();
            Eventually.within(Duration.ofSeconds(5), "the rotated SVID", () -> !source.x509Svid().equals(first));
            assertThat(source.state().errors()).isZero();
        }
    }

    @Test
    void keepsTheLastSvidWhileTheAgentIsDownAndCatchesUpWhenItReturns() throws Exception {
        try (X509Source source = source()) {
            X509Svid before = source.x509Svid();
            this.agent.agent().stopServing();
            Eventually.within(Duration.ofSeconds(5), "reconnect attempts", () -> source.state().reconnects() >= 2);
            assertThat(source.state().connected()).isFalse();
            assertThat(source.x509Svid()).isEqualTo(before);
            Path socket = this.agent.address(SERVER).socketPath().orElseThrow();
            assertThat(source.state().lastError()).get().asString()
                .contains("UNAVAILABLE: no Workload API socket at " + socket + " (the agent is not running, or the address is wrong)");
            assertThat(source.state().connectFailure()).contains(ConnectFailure.NO_SOCKET);

            this.agent.agent().startServing();
            Eventually.within(Duration.ofSeconds(5), "the source to reconnect", () -> source.state().connected());
            assertThat(source.state().connectFailure()).isEmpty();
            this.agent.agent().rotateX509Svids();
            Eventually.within(Duration.ofSeconds(5), "the SVID rotated after the restart", () -> !source.x509Svid().equals(before));
        }
    }

    @Test
    void reconnectsWithinTheBackoffCapAfterALongOutage(@TempDir Path directory) throws Exception {
        // 20 s without an agent grow gRPC's own connection backoff (1 s, times 1.6 each attempt, up to 2 min) past
        // 10 s, and gRPC fails calls at once with the last connection error while a new connection is being made
        // (here: 300 ms, through a slow socket): the source must wait for neither, only for its own backoff
        Duration cap = Duration.ofSeconds(3);
        Path agentSocket = this.agent.address(SERVER).socketPath().orElseThrow();
        try (SlowSocketProxy agentSlowToConnect = new SlowSocketProxy(directory.resolve("slow.sock"), agentSocket, Duration.ofMillis(300))) {
            agentSlowToConnect.start();
            try (X509Source source = X509Source.builder().address(WorkloadApiAddress.unix(directory.resolve("slow.sock")))
                .backoff(Backoff.of(Duration.ofMillis(100), 2, cap, 0.2))
                .build()) {
                agentSlowToConnect.stop();
                Eventually.within(Duration.ofSeconds(5), "the outage to be seen", () -> !source.state().connected());
                Thread.sleep(20_000);
                // the agent returns just after a reconnect failed: the next one, a cap later at most, must succeed
                long errors = source.state().errors();
                Eventually.within(Duration.ofSeconds(5), "a reconnect to fail", () -> source.state().errors() > errors);
                agentSlowToConnect.start();
                long back = System.nanoTime();
                Eventually.within(Duration.ofSeconds(30), "the source to reconnect", () -> source.state().connected());
                assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThanOrEqualTo(cap.plusSeconds(1));
            }
        }
    }

    @Test
    void ridesOutAnOutageOfTheWorkloadApi() {
        try (X509Source source = source()) {
            X509Svid before = source.x509Svid();
            this.agent.agent().outage(true);
            Eventually.within(Duration.ofSeconds(5), "the outage to be seen", () -> !source.state().connected());
            assertThat(source.x509Svid()).isEqualTo(before);
            this.agent.agent().outage(false);
            Eventually.within(Duration.ofSeconds(5), "the source to reconnect", () -> source.state().connected());
        }
    }

    @Test
    void reportsAnExpiredSvid() {
        try (X509Source source = source()) {
            this.agent.agent().expireX509Svids();
            Eventually.within(Duration.ofSeconds(5), "the expired SVID",
                    () -> source.state().svidExpiresAt().orElseThrow().isBefore(Instant.now()));
        }
    }

    @Test
    void failsToStartWhenNoAgentAnswersNamingTheAddressAndTheLastStatus(@TempDir Path directory) {
        WorkloadApiAddress nowhere = WorkloadApiAddress.unix(directory.resolve("absent.sock"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> X509Source.builder().address(nowhere).backoff(FAST).startupTimeout(Duration.ofSeconds(1)).build())
            .isInstanceOf(WorkloadApiException.class)
            .hasMessageStartingWith("no X509-SVID from the Workload API at " + nowhere + " within PT1S; last status: ")
            .hasMessageContaining("UNAVAILABLE: no Workload API socket at " + directory.resolve("absent.sock"))
            .isInstanceOfSatisfying(WorkloadApiException.class, ex -> {
                assertThat(ex.status()).isEqualTo(WorkloadApiStatus.DEADLINE_EXCEEDED);
                assertThat(ex.connectFailure()).contains(ConnectFailure.NO_SOCKET);
            });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void closesIdempotentlyAndLeavesNoThreadsOrFileDescriptors() {
        try (X509Source warmUp = source()) {
            warmUp.x509Svid();
        }
        long descriptorsBefore = openFileDescriptors();
        for (int i = 0; i < 5; i++) {
            X509Source source = source();
            source.close();
            source.close();
        }
        Eventually.within(Duration.ofSeconds(5), "client threads to end", () -> clientThreads().isEmpty());
        assertThat(openFileDescriptors()).isLessThanOrEqualTo(descriptorsBefore);
    }

    @Test
    void closesWhileReconnecting() {
        X509Source source = source();
        this.agent.agent().stopServing();
        Eventually.within(Duration.ofSeconds(5), "the source to be reconnecting", () -> source.state().reconnects() > 0);
        source.close();
        Eventually.within(Duration.ofSeconds(5), "client threads to end", () -> clientThreads().isEmpty());
    }

    static List<String> clientThreads() {
        return Thread.getAllStackTraces()
            .keySet()
            .stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter(name -> name.startsWith("spiffe-workload-api"))
            .toList();
    }

    static long openFileDescriptors() {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot count file descriptors", ex);
        }
    }
}
