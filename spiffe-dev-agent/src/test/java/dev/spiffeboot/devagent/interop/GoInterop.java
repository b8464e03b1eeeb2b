package dev.spiffeboot.devagent.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Builds and runs the go-spiffe program in {@code src/test/go} (the Go toolchain and module proxy are needed; the
 * binary goes to {@code target/go-interop}).
 */
final class GoInterop {

    private static final Path SOURCES = Path.of("src", "test", "go").toAbsolutePath();

    private static final Path BINARY = Path.of("target", "go-interop", "interop").toAbsolutePath();

    private static boolean built;

    private GoInterop() {
    }

    /** Builds the program once per test run. */
    static synchronized Path binary() throws IOException, InterruptedException {
        if (!built) {
            Files.createDirectories(BINARY.getParent());
            ProcessBuilder build = new ProcessBuilder("go", "build", "-o", BINARY.toString(), ".").directory(SOURCES.toFile())
                .redirectErrorStream(true);
            // use the installed Go, never download another toolchain
            build.environment().put("GOTOOLCHAIN", "local");
            Process process;
            try {
                process = build.start();
            }
            catch (IOException ex) {
                throw new IOException("the go-spiffe interop tests need the Go toolchain on the PATH: " + ex.getMessage(), ex);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("go build of the interop program failed:\n" + output);
            }
            built = true;
        }
        return BINARY;
    }

    /** Runs a command to completion within the timeout. */
    static Result run(Map<String, String> environment, Duration timeout, String... args) throws IOException, InterruptedException {
        Process process = start(environment, args);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("interop " + String.join(" ", args) + " did not finish within " + timeout);
        }
        return new Result(process.exitValue(), read(process.getInputStream()), read(process.getErrorStream()));
    }

    /** Starts a long-running command (a server); close the returned handle to stop it. */
    static Running background(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return new Running(start(environment, args));
    }

    /**
     * Starts {@code workload-api-server} on a Unix socket, serving the material in the directory, and waits until
     * it listens.
     */
    static Running workloadApiServer(Path socket, Path directory, Duration timeout) throws IOException, InterruptedException {
        Running server = background(Map.of(), "workload-api-server", "-socket", socket.toString(), "-dir", directory.toString());
        try {
            server.awaitLine("listening:", timeout);
        }
        catch (AssertionError | InterruptedException ex) {
            server.close();
            throw ex;
        }
        return server;
    }

    private static Process start(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String read(java.io.InputStream stream) throws IOException {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The outcome of a finished command. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** A command running in the background; its output lines are collected as they come. */
    static final class Running implements AutoCloseable {

        private final Process process;

        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Running(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = output.readLine()) != null) {
                        this.lines.add(line);
                    }
                }
                catch (IOException ex) {
                    // the process ended
                }
            }, "go-interop-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for an output line starting with the prefix and returns the rest of it. */
        String awaitLine(String prefix, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = this.lines.poll(50, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
                if (line == null && !this.process.isAlive() && this.lines.isEmpty()) {
                    throw new AssertionError("the Go program ended before printing \"" + prefix + "\": "
                            + new String(readQuietly(), StandardCharsets.UTF_8));
                }
            }
            throw new AssertionError("no \"" + prefix + "\" line from the Go program within " + timeout);
        }

        private byte[] readQuietly() {
            try {
                return this.process.getErrorStream().readAllBytes();
            }
            catch (IOException ex) {
                return new byte[0];
            }
        }

        @Override
        public void close() throws InterruptedException {
            this.process.destroy();
            if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
                this.process.destroyForcibly();
            }
        }
    }
}
