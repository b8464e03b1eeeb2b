package dev.spiffeboot.bench.mtls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One application JVM started by a benchmark: started, waited for until its port accepts connections, stopped.
 * Its output goes to a log file, shown when it fails to start.
 */
final class AppProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;

    private final Path log;

    private final int port;

    /** When the process was started, from {@link System#nanoTime()}. */
    private final long startedAt;

    private AppProcess(Process process, Path log, int port, long startedAt) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.startedAt = startedAt;
    }

    /** Starts the command, whose application listens on the port; an inherited Workload API address is removed. */
    static AppProcess start(List<String> command, int port, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("SPIFFE_ENDPOINT_SOCKET");
        long startedAt = System.nanoTime();
        return new AppProcess(builder.start(), log, port, startedAt);
    }

    int port() {
        return this.port;
    }

    /** The CPU time the application's JVM has used so far, all its threads (JIT and GC included). */
    Duration cpu() {
        return this.process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for the process"));
    }

    /**
     * Waits until the port accepts a TCP connection and tells how long that took from the process start.
     *
     * @throws IllegalStateException if the process ends or the time is up first, with the process's output
     */
    Duration awaitPort() throws IOException, InterruptedException {
        long deadline = this.startedAt + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1_000);
                return Duration.ofNanos(System.nanoTime() - this.startedAt);
            }
            catch (IOException ex) {
                if (!this.process.isAlive()) {
                    throw new IllegalStateException("the application exited with " + this.process.exitValue() + ":\n" + output());
                }
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException("the application did not open port " + this.port + " within " + START_TIMEOUT
                + ":\n" + output());
    }

    private String output() throws IOException {
        return Files.readString(this.log);
    }

    /** Stops the application and waits for its JVM to end. */
    @Override
    public void close() throws InterruptedException {
        this.process.destroy();
        if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
            this.process.destroyForcibly();
            this.process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
