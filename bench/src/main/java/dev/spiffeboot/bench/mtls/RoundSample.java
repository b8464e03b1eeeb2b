package dev.spiffeboot.bench.mtls;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.spiffeboot.bench.Stats;

/**
 * One measured round of one application variant of a throughput benchmark.
 *
 * @param perSecond requests (or calls) per second
 * @param cpuMicros the application's CPU time per request, in microseconds: less sensitive than the rate to what
 * else runs on the machine
 */
record RoundSample(double perSecond, double cpuMicros) {

    /**
     * Prints the medians of both variants' rounds and the SPIFFE / static-PEM ratios, with the range of the ratios of
     * the rounds measured as pairs (the same index in both lists).
     *
     * @param unit what is counted, e.g. "request"
     */
    static void printComparison(String unit, List<RoundSample> statics, List<RoundSample> spiffes) {
        List<Double> rateRatios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        for (int i = 0; i < statics.size(); i++) {
            rateRatios.add(spiffes.get(i).perSecond() / statics.get(i).perSecond());
            cpuRatios.add(statics.get(i).cpuMicros() / spiffes.get(i).cpuMicros());
        }
        double staticRate = Stats.median(statics.stream().map(RoundSample::perSecond).toList());
        double spiffeRate = Stats.median(spiffes.stream().map(RoundSample::perSecond).toList());
        double staticCpu = Stats.median(statics.stream().map(RoundSample::cpuMicros).toList());
        double spiffeCpu = Stats.median(spiffes.stream().map(RoundSample::cpuMicros).toList());
        System.out.printf(Locale.ROOT, "  %ss/s: static-PEM %.0f, SPIFFE %.0f (medians); SPIFFE / static-PEM = %.3f,"
                + " per round %.3f-%.3f%n", unit, staticRate, spiffeRate, spiffeRate / staticRate, Stats.min(rateRatios),
                Stats.max(rateRatios));
        System.out.printf(Locale.ROOT, "  application CPU per %s: static-PEM %.1f us, SPIFFE %.1f us (medians);"
                + " static-PEM / SPIFFE = %.3f, per round %.3f-%.3f%n", unit, staticCpu, spiffeCpu, staticCpu / spiffeCpu,
                Stats.min(cpuRatios), Stats.max(cpuRatios));
    }
}
