package dev.spiffeboot.spire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The {@code spire-server} and {@code spire-agent} binaries of {@link #VERSION}, built by the module's
 * {@code build-spire} script (once per machine, kept outside the checkout). A machine that cannot build them skips
 * the SPIRE tests with a banner on the console; under {@code CI=true} it fails them instead.
 */
final class SpireBinaries {

    static final String VERSION = "v1.13.3";

    private static final Path SCRIPT = Path.of("build-spire").toAbsolutePath();

    private static Path directory;

    private SpireBinaries() {
    }

    /** The directory of the two binaries, building them first when needed. */
    static synchronized Path directory() throws IOException, InterruptedException {
        if (directory == null) {
            directory = build();
        }
        return directory;
    }

    /** Runs workloads as other users with {@code setpriv}, which needs root (or CAP_SETUID and CAP_SETGID). */
    static void requireUidSwitching() {
        if (!"root".equals(System.getProperty("user.name"))) {
            unavailable("the SPIRE tests run the samples as other uids with setpriv, which needs root");
        }
    }

    private static Path build() throws IOException, InterruptedException {
        ProcessBuilder build = new ProcessBuilder(List.of(SCRIPT.toString(), VERSION))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process;
        try {
            process = build.start();
        }
        catch (IOException ex) {
            unavailable("could not run " + SCRIPT + ": " + ex.getMessage());
            throw ex;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(60, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            unavailable("building SPIRE " + VERSION + " took more than 60 minutes");
        }
        if (process.exitValue() != 0) {
            unavailable("building SPIRE " + VERSION + " failed (exit " + process.exitValue() + "; the Go toolchain, gcc and"
                    + " the Go module proxy are needed; the script's messages are above)");
        }
        Path bin = Path.of(output.substring(output.lastIndexOf('\n') + 1));
        if (!Files.isExecutable(bin.resolve("spire-server")) || !Files.isExecutable(bin.resolve("spire-agent"))) {
            unavailable("build-spire named " + bin + ", which lacks spire-server or spire-agent");
        }
        return bin;
    }

    /** Fails under CI, where SPIRE must run; elsewhere skips, loudly. */
    private static void unavailable(String reason) {
        String message = "SPIRE TESTS NOT RUN: " + reason;
        System.err.println("*".repeat(100) + "\n* " + message + "\n" + "*".repeat(100));
        if (Boolean.parseBoolean(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI=true: these tests must run)");
        }
        Assumptions.abort(message);
    }
}
