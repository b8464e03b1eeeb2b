package dev.spiffeboot.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command line tool as a real third-party TLS peer. */
public final class OpenSsl {

    private static final long TIMEOUT_SECONDS = 30;

    private OpenSsl() {
    }

    /** Whether an {@code openssl} command is on the path. */
    public static boolean available() {
        try {
            return run(List.of("openssl", "version")).exitCode() == 0;
        }
        catch (IOException ex) {
            return false;
        }
    }

    /**
     * Runs {@code openssl s_client} (or any openssl command) with standard input at its end, so a client connects,
     * completes its handshake and closes; stops it after 30 seconds.
     */
    public static Result connect(List<String> command) throws IOException {
        return run(command);
    }

    /**
     * Runs {@code openssl s_client} with the given standard input (e.g. an HTTP request with
     * {@code Connection: close}), so a client connects, sends it, prints the answer and closes.
     */
    public static Result connect(List<String> command, String input) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        return finish(command, process);
    }

    /** The PEM text of a DER structure, e.g. {@code pem("CERTIFICATE", certificate.getEncoded())}. */
    public static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        return finish(command, process);
    }

    private static Result finish(List<String> command, Process process) throws IOException {
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.exitValue(), output);
    }

    /** What the command printed (standard output and error) and how it exited. */
    public record Result(int exitCode, String output) {
    }
}
