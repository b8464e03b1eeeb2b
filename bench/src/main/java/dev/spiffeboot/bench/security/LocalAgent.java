package dev.spiffeboot.bench.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Endpoint;
import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;

/**
 * The dev agent of the HTTP security benchmarks, in a temporary directory that is deleted on close: one Workload API
 * socket hands out the server's identity, another the client's.
 */
final class LocalAgent implements AutoCloseable {

    static final String SERVER = "spiffe://example.org/server";

    static final String CLIENT = "spiffe://example.org/client";

    private final Path directory;

    private final DevAgent agent;

    private LocalAgent(Path directory, DevAgent agent) {
        this.directory = directory;
        this.agent = agent;
    }

    static LocalAgent start() throws IOException {
        Path directory = Files.createTempDirectory("spiffe-bench");
        DevAgentConfig config = DevAgentConfig.builder(TrustDomain.parse("example.org"), directory.resolve("ca"))
            .endpoint(Endpoint.unix(directory.resolve("server.sock"), Identity.of(SERVER)))
            .endpoint(Endpoint.unix(directory.resolve("client.sock"), Identity.of(CLIENT)))
            .build();
        try {
            return new LocalAgent(directory, DevAgent.start(config));
        }
        catch (IOException | RuntimeException ex) {
            delete(directory);
            throw ex;
        }
    }

    /** The socket that hands out the server's identity. */
    WorkloadApiAddress server() {
        return this.agent.address(0);
    }

    /** The socket that hands out the client's identity. */
    WorkloadApiAddress client() {
        return this.agent.address(1);
    }

    @Override
    public void close() {
        this.agent.close();
        delete(this.directory);
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
