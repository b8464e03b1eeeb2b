package dev.spiffeboot.bench.security;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

import dev.spiffeboot.bench.http.HttpLoad;
import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Endpoint;
import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.workloadapi.JwtSource;

/**
 * Requests per second on one server in one run: a reused JWT-SVID through the SPIFFE filter chain, against
 * unauthenticated requests and against Spring Security's stock resource server on the same token. Rounds alternate
 * between the three so that drift hits all of them; each figure is the median of its rounds. Unmeasured cycles over
 * the endpoints come first, until the JIT's work no longer shows in the request rates (at least 2, at most 10).
 *
 * <p>Arguments (all optional): the server, {@code tomcat} (the default), {@code jetty}, {@code netty} (WebFlux on
 * Reactor Netty) or {@code all} (each in a JVM of its own, one after the other, so that none runs on code the JIT
 * compiled for another); then connections (one per processor), rounds (5), seconds per round (3). The load generator
 * runs in the server's process, beside it: more connections than processors measure the scheduler too.
 */
public final class SecurityThroughputBenchmark {

    private static final String SERVER = "spiffe://example.org/server";

    private static final String CLIENT = "spiffe://example.org/client";

    private SecurityThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(args));
        String server = (!arguments.isEmpty() && !Character.isDigit(arguments.get(0).charAt(0))) ? arguments.remove(0) : "tomcat";
        if (server.equals("all")) {
            for (ThroughputServer each : ThroughputServer.values()) {
                runInOwnJvm(each, arguments);
            }
        }
        else {
            run(ThroughputServer.named(server), arguments);
        }
    }

    private static void run(ThroughputServer server, List<String> arguments) throws Exception {
        int connections = (arguments.size() > 0) ? Integer.parseInt(arguments.get(0)) : Runtime.getRuntime().availableProcessors();
        int rounds = (arguments.size() > 1) ? Integer.parseInt(arguments.get(1)) : 5;
        Duration round = Duration.ofSeconds((arguments.size() > 2) ? Long.parseLong(arguments.get(2)) : 3);
        Path directory = Files.createTempDirectory("spiffe-bench");
        DevAgentConfig config = DevAgentConfig.builder(TrustDomain.parse("example.org"), directory.resolve("ca"))
            .endpoint(Endpoint.unix(directory.resolve("server.sock"), Identity.of(SERVER)))
            .endpoint(Endpoint.unix(directory.resolve("client.sock"), Identity.of(CLIENT)))
            .build();
        try (DevAgent agent = DevAgent.start(config);
                JwtSource client = JwtSource.builder().address(agent.address(1)).build();
                ConfigurableApplicationContext context = server.start("server.port=0", "spring.main.banner-mode=off",
                        "logging.level.root=warn", "spiffe.workload-api.address=" + agent.address(0))) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            String bearer = "Bearer " + client.fetchJwtSvid(SERVER).token();
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("/open", null);
            endpoints.put("/spiffe", bearer);
            endpoints.put("/stock", bearer);
            // unauthenticated again, with an Authorization header of the token's size that no filter reads, to show
            // what carrying the token costs by itself
            endpoints.put("/open?padded", "Basic " + "A".repeat(bearer.length() - "Basic ".length()));
            report(server, measure(port, endpoints, connections, rounds, round), connections, rounds, round);
        }
        finally {
            deleteQuietly(directory);
        }
    }

    /** Runs the benchmark on the server in a new JVM, with the same class path and arguments, and waits for it. */
    private static void runInOwnJvm(ThroughputServer server, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SecurityThroughputBenchmark.class.getName(), server.argument()));
        command.addAll(arguments);
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("the benchmark on " + server.label + " exited with " + exit);
        }
    }

    /** Each endpoint's request rate per round, after the warm-up cycles. */
    private record Measurement(int warmUpCycles, Map<String, List<Double>> rates) {
    }

    private static Measurement measure(int port, Map<String, String> endpoints, int connections, int rounds, Duration round)
            throws InterruptedException {
        // the JIT compiles for a while yet, longer on WebFlux and when other work takes the cores: unmeasured cycles
        // over the endpoints until one is no more than 5 % faster than the best before it (at least 2, at most 10)
        int cycles = 0;
        double best = 0;
        for (boolean rising = true; cycles < 2 || (rising && cycles < 10); cycles++) {
            double total = 0;
            for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
                total += run(port, endpoint, connections, round);
            }
            rising = total > best * 1.05;
            best = Math.max(best, total);
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int i = 0; i < rounds; i++) {
            for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
                rates.computeIfAbsent(endpoint.getKey(), key -> new ArrayList<>()).add(run(port, endpoint, connections, round));
            }
        }
        return new Measurement(cycles, rates);
    }

    /** Requests per second of one round on the endpoint (path and authorization header). */
    private static double run(int port, Map.Entry<String, String> endpoint, int connections, Duration round)
            throws InterruptedException {
        HttpLoad.Result result = HttpLoad.run(port, endpoint.getKey(), endpoint.getValue(), connections, round);
        check(endpoint.getKey(), result);
        return result.perSecond();
    }

    private static void check(String path, HttpLoad.Result result) {
        if (result.failures() > 0) {
            throw new IllegalStateException(path + ": " + result.failures() + " of " + result.requests() + " requests failed");
        }
    }

    private static void report(ThroughputServer server, Measurement measurement, int connections, int rounds, Duration round) {
        Map<String, List<Double>> rates = measurement.rates();
        double open = median(rates.get("/open"));
        double spiffe = median(rates.get("/spiffe"));
        double stock = median(rates.get("/stock"));
        double padded = median(rates.get("/open?padded"));
        System.out.printf(Locale.ROOT, "%n%s, JDK %s (%s), %d connections, %d rounds of %d s after %d warm-up cycles, medians;"
                + " load average %.2f at the end%n", server.label, System.getProperty("java.version"), System.getProperty("java.vm.name"),
                connections, rounds, round.toSeconds(), measurement.warmUpCycles(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "unauthenticated: %.0f req/s; SPIFFE JWT-SVID: %.0f req/s; stock %s: %.0f req/s%n", open,
                spiffe, server.stockDecoder, stock);
        System.out.printf(Locale.ROOT, "rounds from slowest to fastest: unauthenticated %s; SPIFFE %s; stock %s%n", spread(rates.get("/open")),
                spread(rates.get("/spiffe")), spread(rates.get("/stock")));
        System.out.printf(Locale.ROOT, "ratio SPIFFE / unauthenticated = %.3f (target >= 0.9)%n", spiffe / open);
        System.out.printf(Locale.ROOT, "ratio SPIFFE / stock = %.1f (target >= 10)%n", spiffe / stock);
        System.out.printf(Locale.ROOT, "ratio stock / unauthenticated = %.3f%n", stock / open);
        System.out.printf(Locale.ROOT, "unauthenticated with a token-sized header no filter reads: %.0f req/s (%.3f of unauthenticated;"
                + " SPIFFE / it = %.3f)%n", padded, padded / open, spiffe / padded);
    }

    private static String spread(List<Double> values) {
        return String.format(Locale.ROOT, "%.0f-%.0f", Collections.min(values), Collections.max(values));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static void deleteQuietly(Path directory) throws IOException {
        try (var files = Files.walk(directory)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        }
    }
}
