package dev.spiffeboot.spire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A command run to completion within a time limit. */
record Command(int exitCode, String output) {

    static Command run(Duration timeout, Map<String, String> environment, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        // read on another thread so that a chatty command cannot block on a full pipe past the time limit
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
        }
        try {
            return new Command(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IOException("could not read the output of " + String.join(" ", command), ex);
        }
    }

    /** Whether the command exits with 0 within 10 s (false when it cannot run). */
    static boolean exitsZero(List<String> command) {
        try {
            return run(Duration.ofSeconds(10), Map.of(), command).exitCode() == 0;
        }
        catch (IOException | AssertionError ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the command and fails unless it exits with 0. */
    static String succeed(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Command result = run(timeout, Map.of(), command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }
}
