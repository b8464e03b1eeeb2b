package dev.spiffeboot.bench.fuzz;

import dev.spiffeboot.testing.fuzz.FuzzTarget;

/**
 * The fuzz targets under Jazzer's coverage-guided fuzzing ({@code bench/run fuzz-guided TARGET [seconds]}): Jazzer
 * mutates encoded inputs, starting from a corpus the target's own generator wrote, and keeps those that reach new
 * code. The target is named by the system property {@code fuzz.target}.
 */
public final class GuidedFuzzing {

    private static FuzzTarget<Object> target;

    private GuidedFuzzing() {
    }

    @SuppressWarnings("unchecked")
    public static void fuzzerInitialize() {
        target = (FuzzTarget<Object>) FuzzTargets.create(System.getProperty("fuzz.target", "spiffe-id"));
    }

    public static void fuzzerTestOneInput(byte[] data) throws Throwable {
        Object input;
        try {
            input = target.decode(data);
        }
        catch (RuntimeException ex) {
            // bytes that are no input of this target (only the policy target's inputs have a structure to break)
            return;
        }
        try {
            target.run(input);
        }
        catch (Throwable thrown) {
            if (!target.isDocumented(thrown)) {
                throw thrown;
            }
        }
    }
}
