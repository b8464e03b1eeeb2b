package dev.spiffeboot.bench;

import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JWT-SVID benchmark and its baseline in one JMH run and prints their throughput ratio with the JDK.
 * JMH command-line options (forks, iterations, durations) are passed through.
 */
public final class RatioReport {

    private RatioReport() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(commandLine).include(JwtSvidValidationBenchmark.class.getName() + "\\.");
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
        double validate = score(results, "validate");
        double raw = score(results, "rawVerify");
        System.out.printf(Locale.ROOT, "%nJDK %s (%s)%n", System.getProperty("java.version"), System.getProperty("java.vm.name"));
        System.out.printf(Locale.ROOT, "JWT-SVID validation: %.0f ops/s; raw SHA256withECDSA verify: %.0f ops/s%n", validate, raw);
        System.out.printf(Locale.ROOT, "ratio validation / raw verify = %.3f (target >= 0.95)%n", validate / raw);
    }

    private static double score(Collection<RunResult> results, String method) {
        return results.stream()
            .filter(result -> result.getParams().getBenchmark().endsWith("." + method))
            .map(result -> result.getPrimaryResult().getScore())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no result for " + method));
    }
}
