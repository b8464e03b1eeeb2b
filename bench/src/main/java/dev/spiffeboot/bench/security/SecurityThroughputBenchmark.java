package dev.spiffeboot.bench.security;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

import dev.spiffeboot.bench.http.AlternatingRounds;
import dev.spiffeboot.bench.http.HttpLoad;
import dev.spiffeboot.bench.http.LoadSettings;
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
        LoadSettings load = LoadSettings.parse(arguments);
        try (LocalAgent agent = LocalAgent.start();
                JwtSource client = JwtSource.builder().address(agent.client()).build();
                ConfigurableApplicationContext context = server.start("server.port=0", "spring.main.banner-mode=off",
                        "logging.level.root=warn", "spiffe.workload-api.address=" + agent.server())) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            String bearer = "Bearer " + client.fetchJwtSvid(LocalAgent.SERVER).token();
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("/open", null);
            endpoints.put("/spiffe", bearer);
            endpoints.put("/stock", bearer);
            // unauthenticated again, with an Authorization header of the token's size that no filter reads, to show
            // what carrying the token costs by itself
            endpoints.put("/open?padded", "Basic " + "A".repeat(bearer.length() - "Basic ".length()));
            report(server, measure(port, endpoints, load), load);
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

    private static AlternatingRounds.Measurement measure(int port, Map<String, String> endpoints, LoadSettings load)
            throws InterruptedException {
        Map<String, AlternatingRounds.Round> variants = new LinkedHashMap<>();
        endpoints.forEach((path, authorization) -> variants.put(path, duration -> {
            HttpLoad.Result result = HttpLoad.run(port, path, authorization, load.connections(), duration);
            if (result.failures() > 0) {
                throw new IllegalStateException(path + ": " + result.failures() + " of " + result.requests() + " requests failed,"
                        + " the first: " + result.firstFailure());
            }
            return result;
        }));
        return AlternatingRounds.measure(variants, load.rounds(), load.round());
    }

    private static void report(ThroughputServer server, AlternatingRounds.Measurement measurement, LoadSettings load) {
        double open = measurement.medianRate("/open");
        double spiffe = measurement.medianRate("/spiffe");
        double stock = measurement.medianRate("/stock");
        double padded = measurement.medianRate("/open?padded");
        System.out.printf(Locale.ROOT, "%n%s%n", measurement.header(server.label, load.connections(), load.round()));
        System.out.printf(Locale.ROOT, "unauthenticated: %.0f req/s; SPIFFE JWT-SVID: %.0f req/s; stock %s: %.0f req/s%n", open,
                spiffe, server.stockDecoder, stock);
        System.out.printf(Locale.ROOT, "rounds from slowest to fastest: unauthenticated %s; SPIFFE %s; stock %s%n",
                measurement.rateRange("/open"), measurement.rateRange("/spiffe"), measurement.rateRange("/stock"));
        System.out.printf(Locale.ROOT, "ratio SPIFFE / unauthenticated = %.3f (target >= 0.9)%n", spiffe / open);
        System.out.printf(Locale.ROOT, "ratio SPIFFE / stock = %.1f (target >= 10)%n", spiffe / stock);
        System.out.printf(Locale.ROOT, "ratio stock / unauthenticated = %.3f%n", stock / open);
        System.out.printf(Locale.ROOT, "unauthenticated with a token-sized header no filter reads: %.0f req/s (%.3f of unauthenticated;"
                + " SPIFFE / it = %.3f)%n", padded, padded / open, spiffe / padded);
    }
}
