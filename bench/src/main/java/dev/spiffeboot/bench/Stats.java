package dev.spiffeboot.bench;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The few statistics the benchmarks report. */
public final class Stats {

    private Stats() {
    }

    public static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    public static double min(List<Double> values) {
        return Collections.min(values);
    }

    public static double max(List<Double> values) {
        return Collections.max(values);
    }

    /** The smallest and the largest value as "min-max", each with the format given, e.g. {@code %.0f}. */
    public static String range(List<Double> values, String format) {
        return String.format(Locale.ROOT, format + "-" + format, min(values), max(values));
    }
}
