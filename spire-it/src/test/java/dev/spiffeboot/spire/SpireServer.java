package dev.spiffeboot.spire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code spire-server} on a loopback port with a sqlite datastore, an in-memory key manager and the
 * {@code join_token} node attestor, all under one directory.
 */
final class SpireServer implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern TOKEN = Pattern.compile("Token: ([0-9a-f-]+)");

    private final Path binary;

    private final Path socket;

    private final int port;

    private final Daemon daemon;

    private SpireServer(Path binary, Path socket, int port, Daemon daemon) {
        this.binary = binary;
        this.socket = socket;
        this.port = port;
        this.daemon = daemon;
    }

    static SpireServer start(Path binaries, Path directory, String trustDomain, int port) throws IOException, InterruptedException {
        Path binary = binaries.resolve("spire-server");
        Path socket = directory.resolve("server.sock");
        Path config = directory.resolve("server.conf");
        Files.writeString(config, """
                server {
                    bind_address = "127.0.0.1"
                    bind_port = "%d"
                    socket_path = "%s"
                    trust_domain = "%s"
                    data_dir = "%s"
                    log_level = "INFO"
                    ca_ttl = "24h"
                    default_x509_svid_ttl = "1h"
                }
                plugins {
                    DataStore "sql" {
                        plugin_data {
                            database_type = "sqlite3"
                            connection_string = "%s"
                        }
                    }
                    KeyManager "memory" {
                        plugin_data {}
                    }
                    NodeAttestor "join_token" {
                        plugin_data {}
                    }
                }
                """.formatted(port, socket, trustDomain, directory.resolve("data"), directory.resolve("datastore.sqlite3")));
        Daemon daemon = Daemon.start("spire-server", directory.resolve("server.log"), Map.of(),
                List.of(binary.toString(), "run", "-config", config.toString()));
        SpireServer server = new SpireServer(binary, socket, port, daemon);
        daemon.awaitReady("healthy server", Duration.ofSeconds(90), server::healthy);
        return server;
    }

    int port() {
        return this.port;
    }

    /** A new single-use join token; the agent that uses it gets {@code spiffe://<td>/spire/agent/join_token/<token>}. */
    String generateJoinToken() throws IOException, InterruptedException {
        String output = command("token", "generate", "-ttl", "600");
        Matcher token = TOKEN.matcher(output);
        if (!token.find()) {
            throw new AssertionError("no token in: " + output);
        }
        return token.group(1);
    }

    /** Registers a workload of the agent by its Unix user ID, with the X509-SVID lifetime given. */
    void registerUid(String agentId, String spiffeId, int uid, Duration x509SvidTtl) throws IOException, InterruptedException {
        command("entry", "create", "-parentID", agentId, "-spiffeID", spiffeId, "-selector", "unix:uid:" + uid,
                "-x509SVIDTTL", String.valueOf(x509SvidTtl.toSeconds()));
    }

    private boolean healthy() {
        return Command.exitsZero(List.of(this.binary.toString(), "healthcheck", "-socketPath", this.socket.toString()));
    }

    /** Runs a two-word subcommand ({@code entry create}) against this server's socket. */
    private String command(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(this.binary.toString(), arguments[0], arguments[1]));
        command.addAll(List.of("-socketPath", this.socket.toString()));
        command.addAll(List.of(arguments).subList(2, arguments.length));
        return Command.succeed(COMMAND_TIMEOUT, command);
    }

    String log() throws IOException {
        return this.daemon.log();
    }

    @Override
    public void close() {
        this.daemon.close();
    }
}
