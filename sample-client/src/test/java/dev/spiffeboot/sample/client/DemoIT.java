package dev.spiffeboot.sample.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's demo command, end to end, on the jars this build packaged: the dev Workload API, sample-server and
 * sample-client as separate processes on free loopback ports.
 */
class DemoIT {

    private static final long TIMEOUT_SECONDS = 180;

    @Test
    void everyScenarioBehavesAsExpectedAndTheServerLogsTheRefusals(@TempDir Path directory) throws Exception {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        Path output = directory.resolve("demo.log");
        ProcessBuilder demo = new ProcessBuilder(repository.resolve("demo/run").toString())
            .directory(repository.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        demo.environment().put("DEMO_SKIP_BUILD", "1");
        demo.environment().put("DEMO_HTTPS_PORT", String.valueOf(freePort()));
        demo.environment().put("DEMO_SOCKET_PORT", String.valueOf(freePort()));
        demo.environment().put("JAVA", ProcessHandle.current().info().command().orElse("java"));
        Process process = demo.start();
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String log = Files.readString(output);
        assertThat(finished).as("demo finished within %d s; its output:%n%s", TIMEOUT_SECONDS, log).isTrue();
        assertThat(process.exitValue()).as("demo exit code; its output:%n%s", log).isZero();
        assertThat(log).contains("17 of 17 scenarios behaved as expected")
            .contains("[OK] mTLS, both sides authorize IDs: 200 Success!!!")
            .contains("[OK] raw mTLS socket: the server said: Hello client")
            .contains("Raw mTLS socket: spiffe://example.org/client says: Hello server")
            .contains("Invalid token: expected audience in [spiffe://example.org/server")
            .contains("Invalid token: token expired at ")
            .contains("Rejected TLS client: unexpected ID \"spiffe://example.org/intruder\"")
            .doesNotContain("[FAIL]").doesNotContain("[SKIP]");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
