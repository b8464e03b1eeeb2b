package dev.spiffeboot.bench.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.springframework.context.ConfigurableApplicationContext;

import dev.spiffeboot.bench.Stats;
import dev.spiffeboot.bench.http.AlternatingRounds;
import dev.spiffeboot.bench.http.HttpLoad;
import dev.spiffeboot.bench.http.LoadSettings;
import dev.spiffeboot.bench.http.ThreadCpu;
import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.ClientAssertion;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.security.oauth2.client.TrustedAuthorizationServer;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Requests per second of the OAuth flows between services on one server in one run, each against its baseline:
 * flow 1, a client ID JWT minted for every request ({@link ClientIdJwts#mint}, so the server validates each one in
 * full), against a reused JWT-SVID (served from the server's validated-token cache); and flow 2, one access token from
 * the server's own token endpoint reused, against unauthenticated requests to an endpoint a policy rule opens to
 * anonymous callers.
 *
 * <p>Two Spring Boot applications on Tomcat run in this JVM: the caller ({@link ClientMetadataCallerApplication},
 * ServiceA, its own SPIFFE identity), which serves its client ID metadata document and JWK Set over SPIFFE TLS on
 * 127.0.0.1 and gives the {@link ClientIdJwts} the load threads mint with; and the server
 * ({@link OAuthThroughputApplication}, ServiceB, TLS without client certificates so that the bearer decides), which
 * accepts that client ID as an issuer and fetches its document and keys from the caller over the loopback
 * ({@code trust: spiffe}, {@code allow-loopback}), and runs its token endpoint. The load generator drives the server
 * over TLS from this JVM: keep-alive connections for every variant (Tomcat closes one after 100 requests, and the next
 * one costs a handshake, for every variant alike), each request built in the load thread that sends it, so minting is
 * part of a flow-1 request's time. Rounds alternate as in {@link SecurityThroughputBenchmark}; each figure is the
 * median of its rounds. Besides the rates it reports the CPU time per request of the load threads (minting
 * included), of the server's Tomcat threads (the security filters and the endpoint) and of the rest of the JVM
 * (garbage collection, the JIT, the caller), and, one thread alone after the rounds, the CPU time of a mint and of the
 * server's authentication of a fresh client ID JWT: where a flow-1 request's time goes.
 *
 * <p>Arguments (all optional): connections (one per processor), rounds (5), seconds per round (3). Exits with 1 if
 * any request got another answer than 200.
 */
public final class OAuthThroughputBenchmark {

    private static final String FLOW_1 = "flow 1, fresh client ID JWT";

    private static final String JWT_SVID = "reused JWT-SVID";

    private static final String FLOW_2 = "flow 2, reused access token";

    private static final String OPEN = "unauthenticated";

    /** How much longer than a round an access token must still be valid when the round starts. */
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);

    /** How long a cost is measured alone, after as long unmeasured. */
    private static final Duration ALONE = Duration.ofSeconds(2);

    private OAuthThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (run(LoadSettings.parse(List.of(args))) > 0) {
            System.exit(1);
        }
    }

    /** Runs the benchmark and reports; returns how many requests failed. */
    private static long run(LoadSettings load) throws Exception {
        int serverPort = HttpLoad.freePort();
        int callerPort = HttpLoad.freePort();
        String issuer = "https://127.0.0.1:" + serverPort;
        // what the flow-1 JWTs are addressed to: the resource's URL, as the example has it
        String resource = issuer + "/spiffe";
        String clientId = "https://127.0.0.1:" + callerPort + ClientMetadataCallerApplication.DOCUMENT_PATH;
        try (LocalAgent agent = LocalAgent.start();
                JwtSource jwtSvids = JwtSource.builder().address(agent.client()).build();
                ConfigurableApplicationContext caller = ThroughputServer.TOMCAT.start(ClientMetadataCallerApplication.class,
                        callerProperties(agent, callerPort, clientId));
                ConfigurableApplicationContext server = ThroughputServer.TOMCAT.start(OAuthThroughputApplication.class,
                        serverProperties(agent, serverPort, issuer, resource, clientId))) {
            ClientIdJwts jwts = caller.getBean(ClientIdJwts.class);
            SSLContext tls = SpiffeSslContexts.tlsClient(caller.getBean(X509Source.class),
                    Authorizer.matching(SpiffeIdMatcher.id(SpiffeId.parse(LocalAgent.SERVER))));
            HttpLoad.Connector connector = () -> {
                SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
                HttpLoad.connect(socket, serverPort);
                socket.startHandshake();
                return socket;
            };
            AtomicLong tokenRequests = new AtomicLong();
            ClientAssertion clientIdJwt = ClientAssertion.clientIdJwt(jwts);
            TrustedAuthorizationServer tokenEndpoint = new TrustedAuthorizationServer(URI.create(issuer),
                    HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build(), audience -> {
                        tokenRequests.incrementAndGet();
                        return clientIdJwt.parameters(audience);
                    }, null);
            // the token is kept while it stays valid for a whole round and a margin more, then a new one is asked for
            AccessTokens accessTokens = new AccessTokens(List.of(tokenEndpoint), load.round().plus(TOKEN_MARGIN), Clock.systemUTC());

            Variants variants = new Variants(connector, load.connections(), serverPort);
            variants.add(FLOW_1, "/spiffe", () -> () -> "Bearer " + jwts.mint(resource));
            variants.add(JWT_SVID, "/spiffe", () -> fixed("Bearer " + jwtSvids.fetchJwtSvid(LocalAgent.SERVER).token()));
            variants.add(FLOW_2, "/spiffe", () -> fixed("Bearer " + accessTokens.token(tokenEndpoint, URI.create(issuer)).value()));
            variants.add(OPEN, "/open", () -> fixed(null));
            AlternatingRounds.Measurement measurement = AlternatingRounds.measure(variants.rounds, load.rounds(), load.round());

            report(measurement, load, variants, caller.getBean(ClientMetadataCallerApplication.Requests.class), tokenRequests.get());
            if (variants.failures() > 0) {
                return variants.failures();
            }
            Costs.measure(jwts, resource, server.getBean(BearerTokenAuthenticator.class),
                    jwtSvids.fetchJwtSvid(LocalAgent.SERVER).token()).print();
            return 0;
        }
    }

    private static String[] callerProperties(LocalAgent agent, int port, String clientId) {
        return new String[] { "server.port=" + port, "server.address=127.0.0.1", "spring.main.banner-mode=off",
            "logging.level.root=warn", "spiffe.workload-api.address=" + agent.client(), "spiffe.server.enabled=true",
            // the server's fetcher presents its X509-SVID (trust: spiffe); nothing else calls the caller
            "spiffe.server.client-auth=want", "spiffe.client-metadata.client-id=" + clientId,
            "spiffe.client-metadata.client-name=bench caller" };
    }

    private static String[] serverProperties(LocalAgent agent, int port, String issuer, String resource, String clientId) {
        return new String[] { "server.port=" + port, "server.address=127.0.0.1", "spring.main.banner-mode=off",
            "logging.level.root=warn", "spiffe.workload-api.address=" + agent.server(), "spiffe.server.enabled=true",
            "spiffe.server.client-auth=none",
            "spiffe.jwt.client-metadata.allowed-issuers=" + clientId, "spiffe.jwt.client-metadata.audiences=" + resource,
            "spiffe.jwt.client-metadata.trust=spiffe", "spiffe.jwt.client-metadata.allow-loopback=true",
            "spiffe.security.token-endpoint.enabled=true", "spiffe.security.token-endpoint.issuer=" + issuer,
            "spiffe.security.policy.rules[0].name=anonymous-open", "spiffe.security.policy.rules[0].to[0].paths[0]=/open",
            "spiffe.security.policy.rules[1].name=bench-caller",
            "spiffe.security.policy.rules[1].from[0].request-principals[0]=" + clientId,
            "spiffe.security.policy.rules[1].from[0].request-principals[1]=" + LocalAgent.CLIENT,
            "spiffe.security.policy.rules[1].to[0].paths[0]=/spiffe" };
    }

    private static Supplier<String> fixed(String authorization) {
        return () -> authorization;
    }

    /**
     * The variants as rounds of load, each counting its failures over warm-up and measured rounds alike and reading
     * the CPU time the server's connector threads (named after its port) used in each round.
     */
    private static final class Variants {

        final Map<String, AlternatingRounds.Round> rounds = new LinkedHashMap<>();

        final Map<String, AtomicLong> failures = new LinkedHashMap<>();

        final Map<String, String> firstFailures = new ConcurrentHashMap<>();

        /** The server threads' CPU time per request of each round, warm-up first, in microseconds. */
        final Map<String, List<Double>> serverCpuMicros = new LinkedHashMap<>();

        private final HttpLoad.Connector connector;

        private final int connections;

        private final String serverThreads;

        Variants(HttpLoad.Connector connector, int connections, int serverPort) {
            this.connector = connector;
            this.connections = connections;
            this.serverThreads = "-" + serverPort + "-";
        }

        /**
         * A variant.
         *
         * @param authorizations gives, at the start of each round, what gives each request's authorization header
         */
        void add(String name, String path, Supplier<Supplier<String>> authorizations) {
            AtomicLong failed = new AtomicLong();
            List<Double> serverCpu = new ArrayList<>();
            this.failures.put(name, failed);
            this.serverCpuMicros.put(name, serverCpu);
            this.rounds.put(name, duration -> {
                Supplier<String> authorization = authorizations.get();
                long serverBefore = serverCpu();
                HttpLoad.Result result = HttpLoad.run(this.connector, path, authorization, this.connections, duration);
                serverCpu.add((serverCpu() - serverBefore) / 1e3 / result.requests());
                if (result.failures() > 0) {
                    failed.addAndGet(result.failures());
                    this.firstFailures.putIfAbsent(name, result.firstFailure());
                }
                return result;
            });
        }

        private long serverCpu() {
            return ThreadCpu.ofThreadsNamed(name -> name.contains(this.serverThreads));
        }

        /** The median of the server threads' CPU time per request over the variant's last (measured) rounds. */
        double serverCpuMicros(String variant, int measuredRounds) {
            List<Double> all = this.serverCpuMicros.get(variant);
            return Stats.median(all.subList(all.size() - measuredRounds, all.size()));
        }

        long failures() {
            return this.failures.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }

    /**
     * What the parts of a flow-1 request cost, one thread alone, in microseconds of CPU time per operation: minting a
     * client ID JWT; the server's authentication of a fresh one (parsing, claims, the cached document and keys, the
     * signature, the cache insertion); and of a token validated before (the reused JWT-SVID: hash and cache lookup).
     */
    private record Costs(double mintMicros, double freshMicros, double cachedMicros) {

        /** Fresh tokens validated unmeasured, then as many measured. */
        private static final int FRESH_TOKENS = 2_000;

        static Costs measure(ClientIdJwts jwts, String audience, BearerTokenAuthenticator server, String jwtSvid) {
            double mint = microsPerOperation(() -> jwts.mint(audience));
            // minted ahead, so that only the validation is timed
            List<String> warmUp = mint(jwts, audience);
            List<String> measured = mint(jwts, audience);
            warmUp.forEach(server::authenticate);
            long cpu = ThreadCpu.ofThisThread();
            measured.forEach(server::authenticate);
            double fresh = (ThreadCpu.ofThisThread() - cpu) / 1e3 / FRESH_TOKENS;
            double cached = microsPerOperation(() -> server.authenticate(jwtSvid));
            return new Costs(mint, fresh, cached);
        }

        void print() {
            System.out.printf(Locale.ROOT, "one thread alone, CPU time: ClientIdJwts.mint %.0f us; the server's authentication of"
                    + " a fresh client ID JWT %.0f us, of the reused JWT-SVID (validated before) %.1f us%n", this.mintMicros,
                    this.freshMicros, this.cachedMicros);
        }

        private static List<String> mint(ClientIdJwts jwts, String audience) {
            List<String> tokens = new ArrayList<>(FRESH_TOKENS);
            for (int i = 0; i < FRESH_TOKENS; i++) {
                tokens.add(jwts.mint(audience));
            }
            return tokens;
        }

        /** Runs the operation for a while unmeasured, then as long measured. */
        private static double microsPerOperation(Runnable operation) {
            run(operation, ALONE);
            return run(operation, ALONE);
        }

        /** The CPU time per operation, in microseconds: other work on the machine changes it less than the elapsed time. */
        private static double run(Runnable operation, Duration duration) {
            long cpu = ThreadCpu.ofThisThread();
            long deadline = System.nanoTime() + duration.toNanos();
            long operations = 0;
            while (System.nanoTime() < deadline) {
                operation.run();
                operations++;
            }
            return (ThreadCpu.ofThisThread() - cpu) / 1e3 / operations;
        }
    }

    private static void report(AlternatingRounds.Measurement measurement, LoadSettings load, Variants variants,
            ClientMetadataCallerApplication.Requests fetched, long tokenRequests) {
        System.out.printf(Locale.ROOT, "%n%s%n", measurement.header("Tomcat (servlet), TLS without client certificates",
                load.connections(), load.round()));
        for (String variant : variants.rounds.keySet()) {
            double server = variants.serverCpuMicros(variant, load.rounds());
            System.out.printf(Locale.ROOT, "%s: %.0f req/s (rounds %s); CPU per request: load threads %.0f us, server's"
                    + " Tomcat threads %.0f us, rest of the JVM (GC, JIT, ...) %.0f us%n", variant, measurement.medianRate(variant),
                    measurement.rateRange(variant), measurement.median(variant, HttpLoad.Result::loadCpuMicrosPerRequest), server,
                    measurement.median(variant, HttpLoad.Result::otherCpuMicrosPerRequest) - server);
        }
        printRatio(measurement, FLOW_1, JWT_SVID);
        printRatio(measurement, FLOW_2, OPEN);
        // the bearer authentication and the token endpoint each have a verifier of client ID JWTs, with its own cache
        System.out.printf(Locale.ROOT, "the server fetched the caller's document %d and its JWK Set %d times over the loopback"
                + " (once per cache lifetime for its bearer authentication and for its token endpoint); access tokens"
                + " requested from the token endpoint: %d%n",
                fetched.to(ClientMetadataCallerApplication.DOCUMENT_PATH), fetched.to(ClientMetadataCallerApplication.JWKS_PATH),
                tokenRequests);
        StringBuilder failures = new StringBuilder();
        variants.failures.forEach((variant, count) -> failures.append(failures.isEmpty() ? "" : "; ").append(variant)
            .append(": ").append(count.get()));
        System.out.printf(Locale.ROOT, "answers other than 200 and broken connections, warm-up included (must be 0): %s%n", failures);
        variants.firstFailures.forEach((variant, first) -> System.out.printf(Locale.ROOT, "  first of %s: %s%n", variant, first));
    }

    private static void printRatio(AlternatingRounds.Measurement measurement, String measured, String baseline) {
        List<Double> perRound = measurement.ratios(measured, baseline);
        System.out.printf(Locale.ROOT, "ratio %s / %s = %.3f (per round %s)%n", measured, baseline,
                measurement.medianRate(measured) / measurement.medianRate(baseline), Stats.range(perRound, "%.3f"));
    }
}
