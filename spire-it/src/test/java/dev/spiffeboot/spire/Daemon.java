package dev.spiffeboot.spire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A long-running child process whose output goes to a log file; closing it stops it (TERM, then KILL). */
final class Daemon implements AutoCloseable {

    private final String name;

    private final Path log;

    private final Process process;

    private Daemon(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Starts the command with extra environment variables; output (appended) goes to the log file. */
    static Daemon start(String name, Path log, Map<String, String> environment, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new Daemon(name, log, builder.start());
    }

    /** Waits until the condition holds; fails with the log when the process dies or the time runs out. */
    void awaitReady(String what, Duration timeout, BooleanSupplier ready) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new AssertionError(this.name + " exited with " + this.process.exitValue() + " before " + what + "; its log:\n"
                        + log());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(this.name + ": no " + what + " within " + timeout + "; its log:\n" + log());
    }

    boolean isAlive() {
        return this.process.isAlive();
    }

    /** The log so far. */
    String log() throws IOException {
        return Files.readString(this.log, StandardCharsets.UTF_8);
    }

    /** Stops the process: TERM, and KILL when it has not exited 15 s later. */
    @Override
    public void close() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
                this.process.destroyForcibly();
                this.process.waitFor(15, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            this.process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
