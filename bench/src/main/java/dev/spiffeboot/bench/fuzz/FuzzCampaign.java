package dev.spiffeboot.bench.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.spiffeboot.testing.fuzz.FuzzRandom;
import dev.spiffeboot.testing.fuzz.FuzzReport;
import dev.spiffeboot.testing.fuzz.FuzzRunner;
import dev.spiffeboot.testing.fuzz.FuzzTarget;
import dev.spiffeboot.testing.fuzz.Violation;

/**
 * The long fuzz run: every target (the same ones the test command runs briefly) over many seeded inputs, one after
 * the other, with a per-input time limit. Prints inputs and time per target and every contract violation with its
 * input in base64; exits 1 if there was any.
 * <pre>
 *   FuzzCampaign [inputs-per-target] [seed] [target...]
 *   FuzzCampaign replay TARGET BASE64
 *   FuzzCampaign corpus TARGET DIRECTORY COUNT   (the starting corpus of bench/run fuzz-guided)
 * </pre>
 */
public final class FuzzCampaign {

    static final int DEFAULT_INPUTS_PER_TARGET = 170_000;

    static final long DEFAULT_SEED = 1L;

    private static final Duration PER_INPUT_LIMIT = Duration.ofSeconds(10);

    private static final int MAX_VIOLATIONS_PER_TARGET = 10;

    private FuzzCampaign() {
    }

    public static void main(String[] args) {
        FuzzRunner runner = new FuzzRunner(PER_INPUT_LIMIT, MAX_VIOLATIONS_PER_TARGET);
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(replay(runner, args));
        }
        if (args.length > 0 && args[0].equals("corpus")) {
            System.exit(corpus(args));
        }
        int inputs = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_INPUTS_PER_TARGET;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_SEED;
        List<String> names = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : FuzzTargets.names();
        for (String name : names) {
            FuzzTargets.create(name);
        }
        System.out.printf("fuzzing %s: %,d inputs each, seed %d, at most %d s per input (JDK %s)%n", String.join(", ", names),
                inputs, seed, PER_INPUT_LIMIT.toSeconds(), Runtime.version());
        List<FuzzReport> reports = new ArrayList<>();
        List<String> brokenGenerators = new ArrayList<>();
        for (String name : names) {
            try {
                FuzzReport report = runner.run(FuzzTargets.create(name), seed, inputs);
                reports.add(report);
                System.out.println(report.summary());
            }
            catch (AssertionError ex) {
                // a fault of the fuzzer, not of the code under test: the other targets still run
                brokenGenerators.add(name);
                ex.printStackTrace(System.out);
            }
        }
        long total = reports.stream().mapToLong(FuzzReport::inputs).sum();
        double seconds = reports.stream().mapToDouble(report -> report.elapsed().toNanos() / 1e9).sum();
        System.out.printf("%-21s %,10d inputs %8.1f s%n", "total", total, seconds);
        List<Violation> violations = reports.stream().flatMap(report -> report.violations().stream()).toList();
        for (Violation violation : violations) {
            System.out.println();
            System.out.println(violation.report());
        }
        if (!violations.isEmpty() || !brokenGenerators.isEmpty()) {
            System.out.printf("%n%d contract violation(s), %d broken generator(s) %s: FAILED%n", violations.size(),
                    brokenGenerators.size(), brokenGenerators);
            System.exit(1);
        }
        System.out.println("no contract violation");
    }

    private static int replay(FuzzRunner runner, String[] args) {
        if (args.length != 3) {
            System.err.println("usage: bench/run fuzz replay TARGET BASE64");
            return 2;
        }
        Optional<Violation> violation = runner.replay(FuzzTargets.create(args[1]), Base64.getDecoder().decode(args[2]));
        if (violation.isPresent()) {
            System.out.println(violation.get().report());
            return 1;
        }
        System.out.println(args[1] + ": the input keeps the contract");
        return 0;
    }

    /** Writes a target's first generated inputs, encoded, into a directory: the starting corpus of Jazzer. */
    private static int corpus(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: FuzzCampaign corpus TARGET DIRECTORY COUNT");
            return 2;
        }
        writeCorpus(FuzzTargets.create(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
        return 0;
    }

    private static <T> void writeCorpus(FuzzTarget<T> target, Path directory, int count) {
        try {
            Files.createDirectories(directory);
            for (int index = 0; index < count; index++) {
                T input = target.generate(new FuzzRandom(FuzzRandom.inputSeed(DEFAULT_SEED, index)));
                Files.write(directory.resolve("seed-" + index), target.encode(input));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
