package dev.spiffeboot.bench.mtls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.spiffeboot.bench.Stats;
import dev.spiffeboot.bench.http.HttpLoad;
import dev.spiffeboot.bench.mtls.MtlsFixture.Variant;

/**
 * Start-up time, from starting the JVM process to its HTTPS port accepting a TCP connection, of the SPIFFE mTLS
 * application against the same application on Spring Boot's static-PEM mTLS: separate processes with the same JVM
 * options, alternating (and alternating which goes first), one unmeasured start of each first (file cache, dev
 * agent). The dev agent runs in this JVM. Besides the time it reports the CPU time the application's JVM used until
 * then (all its threads), which other work on the machine disturbs less.
 *
 * <p>Arguments (all optional): starts of each variant (10). JVM options for both come from the
 * {@code BENCH_APP_JVM_OPTS} environment variable (default {@code -Xms256m -Xmx256m}).
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
        List<String> jvmOptions = AppJvm.options();
        Map<Variant, List<Start>> starts = new EnumMap<>(Variant.class);
        try (MtlsFixture fixture = MtlsFixture.start(jvmOptions)) {
            for (Variant variant : Variant.values()) {
                start(fixture, variant);
            }
            for (int i = 0; i < runs; i++) {
                List<Variant> order = (i % 2 == 0) ? List.of(Variant.STATIC_PEM, Variant.SPIFFE)
                        : List.of(Variant.SPIFFE, Variant.STATIC_PEM);
                for (Variant variant : order) {
                    starts.computeIfAbsent(variant, key -> new ArrayList<>()).add(start(fixture, variant));
                }
            }
        }
        report(starts, runs, jvmOptions);
    }

    /**
     * One start.
     *
     * @param seconds from the process start to the open port
     * @param cpuSeconds the CPU time the JVM used by then
     */
    private record Start(double seconds, double cpuSeconds) {
    }

    private static Start start(MtlsFixture fixture, Variant variant) throws Exception {
        int port = HttpLoad.freePort();
        try (AppProcess app = AppProcess.start(fixture.command(variant, port), port, fixture.log(variant))) {
            Duration took = app.awaitPort();
            return new Start(took.toNanos() / 1e9, app.cpu().toNanos() / 1e9);
        }
    }

    private static void report(Map<Variant, List<Start>> starts, int runs, List<String> jvmOptions) {
        System.out.printf(Locale.ROOT, "%nJDK %s (%s), %d processors, %d starts each, application JVMs %s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), runs, jvmOptions);
        for (Variant variant : Variant.values()) {
            List<Double> seconds = starts.get(variant).stream().map(Start::seconds).toList();
            List<Double> cpu = starts.get(variant).stream().map(Start::cpuSeconds).toList();
            System.out.printf(Locale.ROOT, "%s: to open port median %.2f s (%.2f-%.2f s), CPU time by then median %.2f s"
                    + " (%.2f-%.2f s)%n", variant.label(), Stats.median(seconds), Stats.min(seconds), Stats.max(seconds),
                    Stats.median(cpu), Stats.min(cpu), Stats.max(cpu));
        }
        List<Start> statics = starts.get(Variant.STATIC_PEM);
        List<Start> spiffes = starts.get(Variant.SPIFFE);
        System.out.printf(Locale.ROOT, "ratio SPIFFE / static-PEM = %.3f to open port (medians; target <= 1.1), %.3f CPU time%n",
                Stats.median(spiffes.stream().map(Start::seconds).toList()) / Stats.median(statics.stream().map(Start::seconds).toList()),
                Stats.median(spiffes.stream().map(Start::cpuSeconds).toList())
                        / Stats.median(statics.stream().map(Start::cpuSeconds).toList()));
    }
}
