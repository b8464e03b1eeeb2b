package dev.spiffeboot.spire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@code spire-agent} attested with a join token, with a disk key manager and the {@code unix} workload attestor.
 * Its Workload API socket is in a directory every user may enter, as workloads run as other uids. It can be stopped
 * and started again: it then re-attests with the SVID it keeps in its data directory.
 */
final class SpireAgent implements AutoCloseable {

    private final Path binary;

    private final Path directory;

    private final Path config;

    private final Path socket;

    private final String id;

    private Daemon daemon;

    private SpireAgent(Path binary, Path directory, Path config, Path socket, String id) {
        this.binary = binary;
        this.directory = directory;
        this.config = config;
        this.socket = socket;
        this.id = id;
    }

    static SpireAgent start(Path binaries, Path directory, SpireServer server, String trustDomain) throws IOException, InterruptedException {
        String token = server.generateJoinToken();
        Path publicDirectory = Files.createDirectories(directory.resolve("public"));
        Files.setPosixFilePermissions(publicDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = publicDirectory.resolve("api.sock");
        Path data = Files.createDirectories(directory.resolve("data"));
        Path config = directory.resolve("agent.conf");
        Files.writeString(config, """
                agent {
                    data_dir = "%s"
                    log_level = "INFO"
                    server_address = "127.0.0.1"
                    server_port = "%d"
                    socket_path = "%s"
                    trust_domain = "%s"
                    insecure_bootstrap = true
                    join_token = "%s"
                }
                plugins {
                    NodeAttestor "join_token" {
                        plugin_data {}
                    }
                    KeyManager "disk" {
                        plugin_data {
                            directory = "%s"
                        }
                    }
                    WorkloadAttestor "unix" {
                        plugin_data {}
                    }
                }
                """.formatted(data, server.port(), socket, trustDomain, token, data));
        SpireAgent agent = new SpireAgent(binaries.resolve("spire-agent"), directory, config, socket,
                "spiffe://" + trustDomain + "/spire/agent/join_token/" + token);
        agent.start();
        return agent;
    }

    /** The agent's SPIFFE ID, the parent of its workloads' entries. */
    String id() {
        return this.id;
    }

    /** The Workload API address for {@code SPIFFE_ENDPOINT_SOCKET}. */
    String address() {
        return "unix://" + this.socket;
    }

    /** Starts the agent (again) and waits until it is healthy. */
    void start() throws IOException, InterruptedException {
        this.daemon = Daemon.start("spire-agent", this.directory.resolve("agent.log"), Map.of(),
                List.of(this.binary.toString(), "run", "-config", this.config.toString()));
        this.daemon.awaitReady("healthy agent", Duration.ofSeconds(90), this::healthy);
    }

    /** Stops the agent; its socket goes away until {@link #start()}. */
    void stop() {
        this.daemon.close();
    }

    private boolean healthy() {
        return Command.exitsZero(List.of(this.binary.toString(), "healthcheck", "-socketPath", this.socket.toString()));
    }

    String log() throws IOException {
        return this.daemon.log();
    }

    @Override
    public void close() {
        this.daemon.close();
    }
}
