package dev.spiffeboot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Endpoint;
import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.WorkloadApiClient;

/**
 * The cost of getting a JWT-SVID to send with a request: from {@link JwtSource}'s cache against a
 * {@code FetchJWTSVID} call to the dev Workload API (over a Unix socket on this machine) for every request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JwtSourceCacheBenchmark {

    private static final String AUDIENCE = "spiffe://example.org/server";

    private Path directory;

    private DevAgent agent;

    private WorkloadApiClient client;

    private JwtSource source;

    private List<String> audiences;

    @Setup
    public void setUp() throws IOException {
        this.directory = Files.createTempDirectory("spiffe-bench");
        DevAgentConfig config = DevAgentConfig.builder(TrustDomain.parse("example.org"), this.directory.resolve("ca"))
            .endpoint(Endpoint.unix(this.directory.resolve("agent.sock"), Identity.of("spiffe://example.org/client")))
            .build();
        this.agent = DevAgent.start(config);
        this.client = WorkloadApiClient.create(this.agent.address(0));
        this.source = JwtSource.builder().address(this.agent.address(0)).build();
        this.audiences = List.of(AUDIENCE);
    }

    @Benchmark
    public JwtSvid cachedFetch() {
        return this.source.fetchJwtSvid(AUDIENCE);
    }

    @Benchmark
    public JwtSvid rpcPerFetch() {
        return this.client.fetchJwtSvid(this.audiences);
    }

    @TearDown
    public void tearDown() throws IOException {
        this.source.close();
        this.client.close();
        this.agent.close();
        try (Stream<Path> files = Files.walk(this.directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
