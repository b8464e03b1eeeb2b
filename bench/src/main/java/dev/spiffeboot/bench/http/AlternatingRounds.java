package dev.spiffeboot.bench.http;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.spiffeboot.bench.Stats;

/**
 * Measures variants of a request (endpoints, tokens) against one server in alternating rounds, so that drift hits
 * all of them: first unmeasured cycles over all variants until the JIT's work no longer shows in the request rates
 * (at least 2, at most 10), then the measured rounds, each variant once per round in the order given.
 */
public final class AlternatingRounds {

    private AlternatingRounds() {
    }

    /** One round of one variant: a load run of the duration given. */
    @FunctionalInterface
    public interface Round {

        HttpLoad.Result run(Duration duration) throws InterruptedException;
    }

    /**
     * Each variant's measured rounds.
     *
     * @param warmUpCycles the unmeasured cycles run first
     * @param results each variant's rounds, in the order measured
     * @param loadAverageBefore the system load average before the first cycle
     * @param loadAverageAfter the system load average after the last round
     */
    public record Measurement(int warmUpCycles, Map<String, List<HttpLoad.Result>> results, double loadAverageBefore,
            double loadAverageAfter) {

        /** A figure of each round of the variant. */
        public List<Double> each(String variant, ToDoubleFunction<HttpLoad.Result> figure) {
            return this.results.get(variant).stream().map(figure::applyAsDouble).toList();
        }

        /** The median of a figure over the variant's rounds. */
        public double median(String variant, ToDoubleFunction<HttpLoad.Result> figure) {
            return Stats.median(each(variant, figure));
        }

        /** The median requests per second of the variant. */
        public double medianRate(String variant) {
            return median(variant, HttpLoad.Result::perSecond);
        }

        /** The variant's requests per second from its slowest to its fastest round, "min-max". */
        public String rateRange(String variant) {
            return Stats.range(each(variant, HttpLoad.Result::perSecond), "%.0f");
        }

        /** The ratio of the measured variant's rate to the baseline's in each round (measured in the same round). */
        public List<Double> ratios(String measured, String baseline) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < this.results.get(measured).size(); i++) {
                ratios.add(this.results.get(measured).get(i).perSecond() / this.results.get(baseline).get(i).perSecond());
            }
            return ratios;
        }

        /** The failures (answers other than 200, broken connections) of the variant over its measured rounds. */
        public long failures(String variant) {
            return this.results.get(variant).stream().mapToLong(HttpLoad.Result::failures).sum();
        }

        /** A first line for a report: the server, the JDK, the settings and the load average. */
        public String header(String server, int connections, Duration round) {
            int rounds = this.results.values().iterator().next().size();
            return String.format(Locale.ROOT, "%s, JDK %s (%s), %d connections, %d rounds of %d s after %d warm-up cycles,"
                    + " medians; load average %.2f at the start, %.2f at the end", server, System.getProperty("java.version"),
                    System.getProperty("java.vm.name"), connections, rounds, round.toSeconds(), this.warmUpCycles,
                    this.loadAverageBefore, this.loadAverageAfter);
        }
    }

    /**
     * Runs the warm-up cycles, then the rounds.
     *
     * @param variants the variants by name, in the order each cycle and round runs them
     */
    public static Measurement measure(Map<String, Round> variants, int rounds, Duration round) throws InterruptedException {
        double loadBefore = loadAverage();
        // the JIT compiles for a while yet, longer on WebFlux and when other work takes the cores: unmeasured cycles
        // over the variants until one is no more than 5 % faster than the best before it (at least 2, at most 10)
        int cycles = 0;
        double best = 0;
        for (boolean rising = true; cycles < 2 || (rising && cycles < 10); cycles++) {
            double total = 0;
            for (Round variant : variants.values()) {
                total += variant.run(round).perSecond();
            }
            rising = total > best * 1.05;
            best = Math.max(best, total);
        }
        Map<String, List<HttpLoad.Result>> results = new LinkedHashMap<>();
        for (int i = 0; i < rounds; i++) {
            for (Map.Entry<String, Round> variant : variants.entrySet()) {
                results.computeIfAbsent(variant.getKey(), key -> new ArrayList<>()).add(variant.getValue().run(round));
            }
        }
        return new Measurement(cycles, results, loadBefore, loadAverage());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
