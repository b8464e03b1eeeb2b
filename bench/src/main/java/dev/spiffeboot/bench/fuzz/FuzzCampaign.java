package dev.spiffeboot.bench.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.spiffeboot.security.policy.PolicyFuzzTarget;
import dev.spiffeboot.testing.fuzz.BundleFuzzTarget;
import dev.spiffeboot.testing.fuzz.FuzzReport;
import dev.spiffeboot.testing.fuzz.FuzzRunner;
import dev.spiffeboot.testing.fuzz.FuzzTarget;
import dev.spiffeboot.testing.fuzz.JwtSvidFuzzTarget;
import dev.spiffeboot.testing.fuzz.SpiffeIdFuzzTarget;
import dev.spiffeboot.testing.fuzz.Violation;
import dev.spiffeboot.testing.fuzz.WorkloadApiAddressFuzzTarget;
import dev.spiffeboot.testing.fuzz.X509ChainFuzzTarget;

/**
 * The long fuzz run: every target (the same ones the test command runs briefly) over many seeded inputs, one after
 * the other, with a per-input time limit. Prints inputs and time per target and every contract violation with its
 * input in base64; exits 1 if there was any.
 * <pre>
 *   FuzzCampaign [inputs-per-target] [seed] [target...]
 *   FuzzCampaign replay TARGET BASE64
 * </pre>
 */
public final class FuzzCampaign {

    static final int DEFAULT_INPUTS_PER_TARGET = 170_000;

    static final long DEFAULT_SEED = 1L;

    private static final Duration PER_INPUT_LIMIT = Duration.ofSeconds(10);

    private static final int MAX_VIOLATIONS_PER_TARGET = 10;

    private static final Map<String, Supplier<FuzzTarget<?>>> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("spiffe-id", SpiffeIdFuzzTarget::new);
        TARGETS.put("workload-api", WorkloadApiAddressFuzzTarget::new);
        TARGETS.put("bundle", BundleFuzzTarget::new);
        TARGETS.put("x509-svid", X509ChainFuzzTarget::new);
        TARGETS.put("jwt-svid", JwtSvidFuzzTarget::new);
        TARGETS.put("policy", PolicyFuzzTarget::new);
    }

    private FuzzCampaign() {
    }

    public static void main(String[] args) {
        FuzzRunner runner = new FuzzRunner(PER_INPUT_LIMIT, MAX_VIOLATIONS_PER_TARGET);
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(replay(runner, args));
        }
        int inputs = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_INPUTS_PER_TARGET;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_SEED;
        List<String> names = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : new ArrayList<>(TARGETS.keySet());
        for (String name : names) {
            target(name);
        }
        System.out.printf("fuzzing %s: %,d inputs each, seed %d, at most %d s per input (JDK %s)%n", String.join(", ", names),
                inputs, seed, PER_INPUT_LIMIT.toSeconds(), Runtime.version());
        List<FuzzReport> reports = new ArrayList<>();
        for (String name : names) {
            FuzzReport report = runner.run(target(name), seed, inputs);
            reports.add(report);
            System.out.println(report.summary());
        }
        long total = reports.stream().mapToLong(FuzzReport::inputs).sum();
        double seconds = reports.stream().mapToDouble(report -> report.elapsed().toNanos() / 1e9).sum();
        System.out.printf("total          %,10d inputs %8.1f s%n", total, seconds);
        List<Violation> violations = reports.stream().flatMap(report -> report.violations().stream()).toList();
        for (Violation violation : violations) {
            System.out.println();
            System.out.println(violation.report());
        }
        if (!violations.isEmpty()) {
            System.out.printf("%n%d contract violation(s): FAILED%n", violations.size());
            System.exit(1);
        }
        System.out.println("no contract violation");
    }

    private static int replay(FuzzRunner runner, String[] args) {
        if (args.length != 3) {
            System.err.println("usage: bench/run fuzz replay TARGET BASE64");
            return 2;
        }
        Optional<Violation> violation = runner.replay(target(args[1]), Base64.getDecoder().decode(args[2]));
        if (violation.isPresent()) {
            System.out.println(violation.get().report());
            return 1;
        }
        System.out.println(args[1] + ": the input keeps the contract");
        return 0;
    }

    private static FuzzTarget<?> target(String name) {
        Supplier<FuzzTarget<?>> target = TARGETS.get(name);
        if (target == null) {
            throw new IllegalArgumentException("no fuzz target " + name + " (targets: " + String.join(", ", TARGETS.keySet()) + ")");
        }
        return target.get();
    }
}
