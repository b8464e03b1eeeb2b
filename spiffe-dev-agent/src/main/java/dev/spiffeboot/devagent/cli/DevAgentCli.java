package dev.spiffeboot.devagent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Keys;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.WorkloadApiException;
import dev.spiffeboot.workloadapi.X509Context;

/**
 * The dev agent's command line, modelled on SPIRE's {@code spire-agent run} and {@code spire-agent api} commands.
 */
public final class DevAgentCli {

    static final String USAGE = String.join("\n",
            "usage:",
            "  spiffe-dev-agent run --config FILE",
            "      serve the Workload API described in FILE until stopped (Ctrl-C)",
            "  spiffe-dev-agent fetch x509 [--address ADDR] [--write DIR]",
            "      print this workload's X509-SVIDs; with --write, save svid.N.pem, svid.N.key and bundle.N.pem to DIR",
            "  spiffe-dev-agent fetch jwt --audience AUD [--audience AUD2] [--spiffe-id ID] [--address ADDR]",
            "      mint and print JWT-SVIDs for the audiences",
            "  spiffe-dev-agent validate jwt --audience AUD --token TOKEN [--address ADDR]",
            "      have the Workload API validate a JWT-SVID",
            "  spiffe-dev-agent --help",
            "      print this text",
            "ADDR defaults to $SPIFFE_ENDPOINT_SOCKET, e.g. unix:///tmp/spiffe/server.sock");

    private static final Set<String> OPTIONS = Set.of("config", "address", "write", "audience", "spiffe-id", "token");

    private final PrintStream out;

    private final PrintStream err;

    private final CountDownLatch stopped = new CountDownLatch(1);

    private final CountDownLatch closed = new CountDownLatch(1);

    DevAgentCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new DevAgentCli(System.out, System.err).run(args));
    }

    /** Runs a command and returns the exit status: 0 success, 1 failure, 2 usage error. */
    int run(String[] args) {
        if (asksForHelp(args)) {
            this.out.println(USAGE);
            return 0;
        }
        try {
            CommandLine line = new CommandLine(args, OPTIONS);
            List<String> words = line.words();
            String command = String.join(" ", words);
            switch (command) {
                case "run":
                    return serve(line);
                case "fetch x509":
                    return fetchX509(line);
                case "fetch jwt":
                    return fetchJwt(line);
                case "validate jwt":
                    return validateJwt(line);
                default:
                    throw new CommandLine.UsageException(words.isEmpty() ? "no command given" : "unknown command: " + command);
            }
        }
        catch (CommandLine.UsageException ex) {
            this.err.println("error: " + ex.getMessage());
            this.err.println(USAGE);
            return 2;
        }
        catch (IllegalArgumentException | WorkloadApiException | IOException ex) {
            this.err.println("error: " + ex.getMessage());
            return 1;
        }
    }

    private static boolean asksForHelp(String[] args) {
        return List.of(args).stream().anyMatch(arg -> arg.equals("--help") || arg.equals("-h"))
                || (args.length > 0 && args[0].equals("help"));
    }

    private int serve(CommandLine line) throws IOException {
        DevAgentConfig config = DevAgentConfig.load(Path.of(line.required("config")));
        DevAgent agent = DevAgent.start(config);
        // on Ctrl-C, let the main thread close the agent (and remove its sockets) before the JVM halts
        Thread shutdownHook = new Thread(() -> {
            stop();
            awaitQuietly(this.closed, 10, TimeUnit.SECONDS);
        }, "spiffe-dev-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        for (int i = 0; i < config.endpoints().size(); i++) {
            this.out.println("serving " + config.endpoints().get(i).identities().stream().map(identity -> identity.spiffeId().toString()).toList()
                    + " on " + agent.address(i));
        }
        this.out.println("dev Workload API ready (trust domain " + config.trustDomain() + ", CA in " + config.caDirectory() + ")");
        this.out.flush();
        awaitQuietly(this.stopped, Long.MAX_VALUE, TimeUnit.DAYS);
        agent.close();
        this.closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (IllegalStateException ex) {
            // the JVM is already shutting down
        }
        this.out.println("dev Workload API stopped");
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch, long timeout, TimeUnit unit) {
        try {
            latch.await(timeout, unit);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends a running {@code run} command (as Ctrl-C does). */
    void stop() {
        this.stopped.countDown();
    }

    private int fetchX509(CommandLine line) throws IOException {
        try (WorkloadApiClient client = client(line)) {
            X509Context context = client.fetchX509Context();
            Path directory = line.option("write") == null ? null : Path.of(line.option("write"));
            if (directory != null) {
                Files.createDirectories(directory);
            }
            this.out.println("Received " + context.svids().size() + " X509-SVID(s)");
            for (int i = 0; i < context.svids().size(); i++) {
                X509Svid svid = context.svids().get(i);
                this.out.println();
                this.out.println("SPIFFE ID:        " + svid.id());
                this.out.println("SVID valid after: " + svid.leaf().getNotBefore().toInstant());
                this.out.println("SVID valid until: " + svid.expiresAt());
                if (!svid.hint().isEmpty()) {
                    this.out.println("Hint:             " + svid.hint());
                }
                if (directory != null) {
                    write(directory.resolve("svid." + i + ".pem"), svid.chainPem());
                    Keys.writeSecret(directory.resolve("svid." + i + ".key"), svid.privateKeyPem());
                    X509Bundle bundle = context.bundles().findX509Bundle(svid.id().trustDomain()).orElseThrow();
                    write(directory.resolve("bundle." + i + ".pem"), bundle.toPem());
                }
            }
            for (X509Bundle bundle : context.bundles().bundles()) {
                this.out.println();
                this.out.println("Bundle of " + bundle.trustDomain() + ": " + bundle.authorities().size() + " authorit"
                        + (bundle.authorities().size() == 1 ? "y" : "ies"));
            }
            if (directory != null) {
                this.out.println();
                this.out.println("Wrote the SVIDs, keys and bundles to " + directory);
            }
            return 0;
        }
    }

    private int fetchJwt(CommandLine line) {
        List<String> audiences = line.all("audience");
        if (audiences.isEmpty()) {
            throw new CommandLine.UsageException("option --audience is required");
        }
        SpiffeId subject = line.option("spiffe-id") == null ? null : SpiffeId.parse(line.option("spiffe-id"));
        try (WorkloadApiClient client = client(line)) {
            for (JwtSvid svid : client.fetchJwtSvids(audiences, subject)) {
                this.out.println("token(" + svid.id() + ", expires " + svid.expiresAt() + "):");
                this.out.println("\t" + svid.token());
            }
            return 0;
        }
    }

    private int validateJwt(CommandLine line) {
        try (WorkloadApiClient client = client(line)) {
            JwtSvid svid = client.validateJwtSvid(line.required("token"), line.required("audience"));
            this.out.println("SVID is valid.");
            this.out.println("SPIFFE ID : " + svid.id());
            this.out.println("Audience  : " + svid.audience());
            this.out.println("Expires   : " + svid.expiresAt());
            return 0;
        }
        catch (InvalidJwtSvidException ex) {
            this.err.println("SVID is not valid: " + ex.getMessage());
            return 1;
        }
    }

    private static WorkloadApiClient client(CommandLine line) {
        return WorkloadApiClient.create(WorkloadApiAddress.resolve(line.option("address")));
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }
}
