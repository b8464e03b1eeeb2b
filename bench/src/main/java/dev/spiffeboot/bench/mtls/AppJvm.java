package dev.spiffeboot.bench.mtls;

import java.util.Arrays;
import java.util.List;

/** The JVM options of the application processes: the same for both variants. */
final class AppJvm {

    /** Where extra options come from, e.g. {@code -XX:StartFlightRecording=...} to profile. */
    static final String ENVIRONMENT_VARIABLE = "BENCH_APP_JVM_OPTS";

    private static final String DEFAULT = "-Xms256m -Xmx256m";

    private AppJvm() {
    }

    static List<String> options() {
        String options = System.getenv(ENVIRONMENT_VARIABLE);
        if (options == null || options.isBlank()) {
            options = DEFAULT;
        }
        return Arrays.stream(options.trim().split("\\s+")).toList();
    }
}
