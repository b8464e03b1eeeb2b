package dev.spiffeboot.sample.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.spiffeboot.workloadapi.WorkloadApiAddress;

/**
 * go-spiffe's own {@code examples/spiffe-grpc} programs (grpc-go's greeter client and server doing mTLS with
 * {@code tlsconfig.AuthorizeID}), built from the go-spiffe v2.9.0 module by the test: the module is copied to
 * {@code target/go-spiffe-grpc}, and only the Workload API socket and the address of the example's
 * {@code main.go} are replaced before {@code go build}. Needs the Go toolchain on the PATH and its module proxy;
 * Go keeps its module and build caches where it always does, outside the checkout.
 */
final class GoSpiffeGrpcExample {

    static final String MODULE = "github.com/spiffe/go-spiffe/v2@v2.9.0";

    /** The literals the example programs hard-code: their Workload API socket and the address they dial or listen on. */
    private static final String EXAMPLE_SOCKET = "\"unix:///tmp/agent.sock\"";

    private static final String CLIENT_TARGET = "\"dns:///localhost:50051\"";

    private static final String SERVER_LISTEN_ADDRESS = "\"127.0.0.1:50051\"";

    private static final Duration GO_TIMEOUT = Duration.ofMinutes(10);

    private static final Path WORK = Path.of("target", "go-spiffe-grpc").toAbsolutePath();

    private static Path moduleCopy;

    private GoSpiffeGrpcExample() {
    }

    /**
     * Builds the example client, which dials {@code 127.0.0.1:port} with the SVID of the Workload API and expects the
     * server {@code spiffe://example.org/server}.
     */
    static Path client(WorkloadApiAddress workloadApi, int port) throws IOException, InterruptedException {
        return build("client", workloadApi, CLIENT_TARGET, "\"dns:///127.0.0.1:" + port + "\"");
    }

    /**
     * Builds the example server, which listens on {@code 127.0.0.1:port} with the SVID of the Workload API and
     * accepts the client {@code spiffe://example.org/client} only.
     */
    static Path server(WorkloadApiAddress workloadApi, int port) throws IOException, InterruptedException {
        return build("server", workloadApi, SERVER_LISTEN_ADDRESS, "\"127.0.0.1:" + port + "\"");
    }

    private static synchronized Path build(String program, WorkloadApiAddress workloadApi, String address, String newAddress)
            throws IOException, InterruptedException {
        Path module = moduleCopy();
        Path original = moduleDirectory().resolve("examples/spiffe-grpc/" + program + "/main.go");
        String source = Files.readString(original);
        source = replaceOnce(source, EXAMPLE_SOCKET, "\"" + workloadApi + "\"", original);
        source = replaceOnce(source, address, newAddress, original);
        Files.writeString(module.resolve("examples/spiffe-grpc/" + program + "/main.go"), source);
        Path binary = WORK.resolve("bin").resolve(program + "-" + Integer.toHexString(source.hashCode()));
        go(module, "build", "-buildvcs=false", "-o", binary.toString(), "./examples/spiffe-grpc/" + program);
        return binary;
    }

    private static String replaceOnce(String source, String literal, String replacement, Path file) {
        int first = source.indexOf(literal);
        if (first < 0 || source.indexOf(literal, first + 1) >= 0) {
            throw new IllegalStateException("expected " + literal + " once in " + file + "; has the example changed?");
        }
        return source.replace(literal, replacement);
    }

    /** A fresh copy of the go-spiffe module, made once per test run (the module cache's files are read-only). */
    private static Path moduleCopy() throws IOException, InterruptedException {
        if (moduleCopy == null) {
            Path from = moduleDirectory();
            Path to = WORK.resolve("go-spiffe");
            delete(to);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.toList()) {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    }
                    else {
                        Files.write(target, Files.readAllBytes(file));
                    }
                }
            }
            moduleCopy = to;
        }
        return moduleCopy;
    }

    /** Where the Go module cache holds go-spiffe v2.9.0 ({@code go mod download -json} downloads it if needed). */
    private static Path moduleDirectory() throws IOException, InterruptedException {
        String json = go(WORK, "mod", "download", "-json", MODULE);
        Matcher dir = Pattern.compile("\"Dir\":\\s*\"([^\"]+)\"").matcher(json);
        if (!dir.find()) {
            throw new IllegalStateException("go mod download -json " + MODULE + " named no directory:\n" + json);
        }
        return Path.of(dir.group(1));
    }

    private static String go(Path directory, String... args) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        List<String> command = new ArrayList<>();
        command.add("go");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        // the installed Go, never a downloaded toolchain
        builder.environment().put("GOTOOLCHAIN", "local");
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException ex) {
            throw new IOException("the go-spiffe interop tests need the Go toolchain on the PATH: " + ex.getMessage(), ex);
        }
        Finished finished = Finished.await(process, GO_TIMEOUT, String.join(" ", command));
        if (finished.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + finished.stdout());
        }
        return finished.stdout();
    }

    private static void delete(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Runs a built program to its end within the timeout. */
    static Finished run(Path binary, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(binary.toString()).start();
        return Finished.await(process, timeout, binary.getFileName().toString());
    }

    /** Starts a built server program and waits until its port on 127.0.0.1 accepts connections. */
    static Running start(Path binary, int port, Duration timeout) throws IOException, InterruptedException {
        Running running = new Running(new ProcessBuilder(binary.toString()).redirectErrorStream(true).start());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                return running;
            }
            catch (IOException ex) {
                if (!running.process.isAlive() || System.nanoTime() > deadline) {
                    running.close();
                    throw new AssertionError(binary.getFileName() + " did not listen on port " + port + " within " + timeout
                            + "; its output:\n" + running.output());
                }
                Thread.sleep(50);
            }
        }
    }

    /** A program that ended, with its exit code and output. */
    record Finished(int exitCode, String stdout, String stderr) {

        static Finished await(Process process, Duration timeout, String what) throws IOException, InterruptedException {
            // read both streams while the process runs, so that neither fills its pipe and blocks it
            StreamText stdout = new StreamText(process.getInputStream());
            StreamText stderr = new StreamText(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(what + " did not finish within " + timeout + "; its output:\n" + stdout.text()
                        + stderr.text());
            }
            return new Finished(process.exitValue(), stdout.text(), stderr.text());
        }

        /** Both streams, for failure messages. */
        String output() {
            return this.stdout + this.stderr;
        }
    }

    /** A server program running in the background; closing it stops it. */
    static final class Running implements AutoCloseable {

        private final Process process;

        private final StreamText output;

        Running(Process process) {
            this.process = process;
            this.output = new StreamText(process.getInputStream());
        }

        String output() {
            return this.output.textSoFar();
        }

        @Override
        public void close() throws InterruptedException {
            this.process.destroy();
            if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                this.process.destroyForcibly();
                this.process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Collects a process's stream on a thread of its own. */
    private static final class StreamText {

        private final StringBuffer text = new StringBuffer();

        private final Thread reader;

        StreamText(InputStream stream) {
            this.reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        this.text.append(line).append('\n');
                    }
                }
                catch (IOException ex) {
                    // the process ended
                }
            }, "go-example-output");
            this.reader.setDaemon(true);
            this.reader.start();
        }

        /** All of it, once the process has ended. */
        String text() throws InterruptedException {
            this.reader.join(TimeUnit.SECONDS.toMillis(10));
            return this.text.toString();
        }

        String textSoFar() {
            return this.text.toString();
        }
    }
}
