package dev.spiffeboot.bench.mtls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.spiffeboot.bench.http.HttpLoad;
import dev.spiffeboot.bench.mtls.MtlsFixture.Variant;

/**
 * Requests per second of the SPIFFE mTLS application against the same application on Spring Boot's static-PEM
 * mTLS, each in a JVM of its own, driven from this JVM by a closed-loop load generator with the client's SVID:
 * on keep-alive connections (what SPIFFE costs per request on a reused connection), and with a new connection per
 * request (a full handshake each, as neither side resumes). Rounds alternate between the variants, and between
 * which goes first, so drift hits both; each figure is the median of its rounds, and the ratio of each round's pair
 * is reported too. Besides requests per second it reports the application's CPU time per request (its JVM's CPU
 * time over the round), which other work on the machine disturbs less than the rate. Both applications keep
 * Tomcat's defaults, so a keep-alive connection is closed by the server after 100 requests
 * ({@code maxKeepAliveRequests}) and the client opens the next one with a full handshake.
 *
 * <p>Arguments (all optional): connections (2), rounds (6), seconds per round (5), after four unmeasured rounds of
 * each. The load generator runs in a JVM of its own, so it does not share the application's JIT and heap, but on a
 * two-core machine it shares the cores: more connections than cores measure the scheduler too. JVM options for both applications come from the
 * {@code BENCH_APP_JVM_OPTS} environment variable (default {@code -Xms256m -Xmx256m}).
 */
public final class MtlsThroughputBenchmark {

    private MtlsThroughputBenchmark() {
    }

    /** Keep-alive or a connection per request. */
    private enum Mode {

        KEEP_ALIVE("keep-alive", true), NEW_CONNECTIONS("new connection per request", false);

        final String label;

        final boolean keepAlive;

        Mode(String label, boolean keepAlive) {
            this.label = label;
            this.keepAlive = keepAlive;
        }
    }

    public static void main(String[] args) throws Exception {
        int connections = (args.length > 0) ? Integer.parseInt(args[0]) : 2;
        int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 6;
        Duration round = Duration.ofSeconds((args.length > 2) ? Long.parseLong(args[2]) : 5);
        List<String> jvmOptions = AppJvm.options();
        Map<Mode, Map<Variant, List<RoundSample>>> samples = new EnumMap<>(Mode.class);
        try (MtlsFixture fixture = MtlsFixture.start(jvmOptions)) {
            Map<Variant, AppProcess> apps = new EnumMap<>(Variant.class);
            try {
                for (Variant variant : Variant.values()) {
                    int port = HttpLoad.freePort();
                    AppProcess app = AppProcess.start(fixture.command(variant, port), port, fixture.log(variant));
                    apps.put(variant, app);
                    app.awaitPort();
                }
                // the JIT compiles for a while yet: a few rounds of each before any is measured
                for (int warmup = 0; warmup < 4; warmup++) {
                    for (Mode mode : Mode.values()) {
                        for (Variant variant : Variant.values()) {
                            measure(fixture, apps.get(variant), mode, connections, round);
                        }
                    }
                }
                for (int i = 0; i < rounds; i++) {
                    List<Variant> order = (i % 2 == 0) ? List.of(Variant.STATIC_PEM, Variant.SPIFFE)
                            : List.of(Variant.SPIFFE, Variant.STATIC_PEM);
                    for (Mode mode : Mode.values()) {
                        for (Variant variant : order) {
                            RoundSample sample = measure(fixture, apps.get(variant), mode, connections, round);
                            samples.computeIfAbsent(mode, key -> new EnumMap<>(Variant.class))
                                .computeIfAbsent(variant, key -> new ArrayList<>())
                                .add(sample);
                        }
                    }
                }
            }
            finally {
                for (AppProcess app : apps.values()) {
                    app.close();
                }
            }
        }
        report(samples, connections, rounds, round, jvmOptions);
    }

    private static RoundSample measure(MtlsFixture fixture, AppProcess app, Mode mode, int connections, Duration round)
            throws InterruptedException {
        Duration cpuBefore = app.cpu();
        HttpLoad.Result result = HttpLoad.run(() -> fixture.connect(app.port()), MtlsApplication.PATH, mode.keepAlive,
                connections, round);
        if (result.failures() > 0) {
            throw new IllegalStateException(mode.label + ": " + result.failures() + " of " + result.requests() + " requests failed");
        }
        double cpuMicros = app.cpu().minus(cpuBefore).toNanos() / 1e3 / result.requests();
        return new RoundSample(result.perSecond(), cpuMicros);
    }

    private static void report(Map<Mode, Map<Variant, List<RoundSample>>> samples, int connections, int rounds, Duration round,
            List<String> jvmOptions) {
        System.out.printf(Locale.ROOT, "%nJDK %s (%s), %d processors, %d connections, %d rounds of %d s, application JVMs %s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), connections, rounds, round.toSeconds(), jvmOptions);
        for (Mode mode : Mode.values()) {
            System.out.printf(Locale.ROOT, "%s (target >= %.2f):%n", mode.label, mode.keepAlive ? 0.97 : 0.95);
            RoundSample.printComparison("request", samples.get(mode).get(Variant.STATIC_PEM),
                    samples.get(mode).get(Variant.SPIFFE));
        }
    }
}
