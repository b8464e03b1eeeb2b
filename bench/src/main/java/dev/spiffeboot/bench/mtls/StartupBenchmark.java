package dev.spiffeboot.bench.mtls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.spiffeboot.bench.mtls.MtlsFixture.Variant;

/**
 * Start-up time, from starting the JVM process to its HTTPS port accepting a TCP connection, of the SPIFFE mTLS
 * application against the same application on Spring Boot's static-PEM mTLS: separate processes with the same JVM
 * options, alternating (and alternating which goes first), one unmeasured start of each first (file cache, dev
 * agent). The dev agent runs in this JVM.
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
        Map<Variant, List<Double>> seconds = new EnumMap<>(Variant.class);
        try (MtlsFixture fixture = MtlsFixture.start(jvmOptions)) {
            for (Variant variant : Variant.values()) {
                start(fixture, variant);
            }
            for (int i = 0; i < runs; i++) {
                List<Variant> order = (i % 2 == 0) ? List.of(Variant.STATIC_PEM, Variant.SPIFFE)
                        : List.of(Variant.SPIFFE, Variant.STATIC_PEM);
                for (Variant variant : order) {
                    double took = start(fixture, variant).toNanos() / 1e9;
                    seconds.computeIfAbsent(variant, key -> new ArrayList<>()).add(took);
                }
            }
        }
        report(seconds, runs, jvmOptions);
    }

    private static Duration start(MtlsFixture fixture, Variant variant) throws Exception {
        int port = MtlsFixture.freePort();
        try (AppProcess app = AppProcess.start(fixture.command(variant, port), port, fixture.log(variant))) {
            return app.awaitPort();
        }
    }

    private static void report(Map<Variant, List<Double>> seconds, int runs, List<String> jvmOptions) {
        List<Double> statics = seconds.get(Variant.STATIC_PEM);
        List<Double> spiffes = seconds.get(Variant.SPIFFE);
        System.out.printf(Locale.ROOT, "%nJDK %s (%s), %d processors, %d starts each, application JVMs %s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), runs, jvmOptions);
        for (Variant variant : Variant.values()) {
            List<Double> values = seconds.get(variant);
            System.out.printf(Locale.ROOT, "%s: median %.2f s (%.2f-%.2f s)%n", variant.label(), Stats.median(values),
                    Stats.min(values), Stats.max(values));
        }
        System.out.printf(Locale.ROOT, "ratio SPIFFE / static-PEM = %.3f (medians; target <= 1.1)%n",
                Stats.median(spiffes) / Stats.median(statics));
    }
}
