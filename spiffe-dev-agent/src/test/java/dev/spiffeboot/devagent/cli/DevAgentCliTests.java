package dev.spiffeboot.devagent.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.WorkloadApiClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line against a running dev agent (the commands run in-process; `run` is covered by the demo). */
class DevAgentCliTests {

    private static final String SERVER = "spiffe://example.org/server";

    private static final String CLIENT = "spiffe://example.org/client";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).build();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new DevAgentCli(new PrintStream(this.out, true, StandardCharsets.UTF_8),
                new PrintStream(this.err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return this.out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return this.err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fetchesX509SvidsAndWritesThemAsPem(@TempDir Path directory) throws Exception {
        assertThat(run("fetch", "x509", "--address", agent.address(SERVER).toString(), "--write", directory.toString())).isZero();
        assertThat(out()).contains("SPIFFE ID:        " + SERVER).contains("SVID valid until: ").contains("Bundle of example.org");
        X509Svid written = X509Svid.load(directory.resolve("svid.0.pem"), directory.resolve("svid.0.key"));
        assertThat(written.id().toString()).isEqualTo(SERVER);
        assertThat(Files.readString(directory.resolve("bundle.0.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void fetchesAndValidatesJwtSvids() {
        assertThat(run("fetch", "jwt", "--audience", SERVER, "--address", agent.address(CLIENT).toString())).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines.get(0)).startsWith("token(" + CLIENT + ", expires ");
        String token = lines.get(1).trim();
        this.out.reset();
        assertThat(run("validate", "jwt", "--audience", SERVER, "--token", token, "--address", agent.address(SERVER).toString())).isZero();
        assertThat(out()).contains("SVID is valid.").contains("SPIFFE ID : " + CLIENT);
        assertThat(run("validate", "jwt", "--audience", "spiffe://example.org/other", "--token", token, "--address",
                agent.address(SERVER).toString())).isEqualTo(1);
        assertThat(err()).contains("SVID is not valid: ").contains("expected audience in [spiffe://example.org/other]");
    }

    @Test
    void runsAnAgentFromAConfigurationFileUntilStopped(@TempDir Path directory) throws Exception {
        Path socket = directory.resolve("run.sock");
        Path config = Files.writeString(directory.resolve("agent.yml"), String.join("\n",
                "trust-domain: example.org",
                "ca-directory: ca",
                "endpoints:",
                "  - socket: " + socket,
                "    spiffe-id: spiffe://example.org/from-file"));
        DevAgentCli cli = new DevAgentCli(new PrintStream(this.out, true, StandardCharsets.UTF_8),
                new PrintStream(this.err, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> cli.run(new String[] { "run", "--config", config.toString() }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!out().contains("dev Workload API ready") && System.nanoTime() < deadline && !running.isDone()) {
            Thread.sleep(20);
        }
        assertThat(out()).contains("serving [spiffe://example.org/from-file] on unix:" + socket);
        // any local user may connect: identity comes from the peer credentials, as with SPIRE's agent socket
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rwxrwxrwx");
        try (WorkloadApiClient client = WorkloadApiClient.create(WorkloadApiAddress.unix(socket))) {
            assertThat(client.fetchX509Context().defaultSvid().id().toString()).isEqualTo("spiffe://example.org/from-file");
        }
        cli.stop();
        assertThat(running.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(socket).doesNotExist();
        assertThat(directory.resolve("ca/example.org/root.crt.pem")).exists();
    }

    @Test
    void printsItsUsageWhenAskedForHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("usage:").contains("spiffe-dev-agent run --config FILE");
        assertThat(err()).isEmpty();
        assertThat(run("fetch", "x509", "-h")).isZero();
        assertThat(run("help")).isZero();
    }

    @Test
    void explainsUsageMistakes() {
        assertThat(run("fetch", "jwt", "--address", agent.address(CLIENT).toString())).isEqualTo(2);
        assertThat(err()).contains("option --audience is required").contains("usage:");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("fetch", "x509", "--bogus", "x")).isEqualTo(2);
        assertThat(run("fetch", "x509", "--address", "unix://relative")).isEqualTo(1);
        assertThat(err()).contains("invalid Workload API address");
    }
}
