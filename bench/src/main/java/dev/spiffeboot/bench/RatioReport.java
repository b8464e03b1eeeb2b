package dev.spiffeboot.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs one benchmark and its baseline in a single JMH run and prints their throughput ratio with the JDK.
 * The first argument names the comparison; the others are JMH options (forks, iterations, durations).
 */
public final class RatioReport {

    /** A measured method against its baseline, in the same benchmark class. */
    private record Comparison(Class<?> benchmark, String measured, String baseline, String description, String target) {
    }

    private static final Map<String, Comparison> COMPARISONS = Map.of(
            "jwt-validation", new Comparison(JwtSvidValidationBenchmark.class, "validate", "rawVerify",
                    "JWT-SVID validation / raw SHA256withECDSA verify", "target >= 0.95"),
            "jwt-source-cache", new Comparison(JwtSourceCacheBenchmark.class, "cachedFetch", "rpcPerFetch",
                    "cached JWT-SVID fetch / one FetchJWTSVID call per fetch", "higher is better"));

    private RatioReport() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Comparison comparison = args.length == 0 ? null : COMPARISONS.get(args[0]);
        if (comparison == null) {
            System.err.println("usage: RatioReport " + COMPARISONS.keySet() + " [JMH options]");
            System.exit(2);
        }
        CommandLineOptions commandLine = new CommandLineOptions(Arrays.copyOfRange(args, 1, args.length));
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(commandLine).include(comparison.benchmark().getName() + "\\.");
        // Defaults for a stable figure on two cores; any of them can be given on the command line instead.
        if (!commandLine.getForkCount().hasValue()) {
            builder.forks(2);
        }
        if (!commandLine.getWarmupIterations().hasValue()) {
            builder.warmupIterations(4).warmupTime(TimeValue.seconds(2));
        }
        if (!commandLine.getMeasurementIterations().hasValue()) {
            builder.measurementIterations(6).measurementTime(TimeValue.seconds(2));
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        double measured = score(results, comparison.measured());
        double baseline = score(results, comparison.baseline());
        System.out.printf(Locale.ROOT, "%nJDK %s (%s)%n", System.getProperty("java.version"), System.getProperty("java.vm.name"));
        System.out.printf(Locale.ROOT, "%s: %.0f ops/s; %s: %.0f ops/s%n", comparison.measured(), measured,
                comparison.baseline(), baseline);
        System.out.printf(Locale.ROOT, "ratio %s = %.3f (%s)%n", comparison.description(), measured / baseline,
                comparison.target());
    }

    private static double score(Collection<RunResult> results, String method) {
        return results.stream()
            .filter(result -> result.getParams().getBenchmark().endsWith("." + method))
            .map(result -> result.getPrimaryResult().getScore())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no result for " + method));
    }
}
