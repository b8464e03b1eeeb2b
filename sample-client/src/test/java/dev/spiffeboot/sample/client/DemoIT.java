package dev.spiffeboot.sample.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's demo command, end to end, on the jars this build packaged: the dev Workload API and sample-auth-server,
 * then each web stack (sample-server on Tomcat called with RestClient, sample-server-reactive on Reactor Netty called
 * with WebClient) with sample-client, as separate processes on free loopback ports.
 */
class DemoIT {

    /** Only against a demo that hangs; both stacks take a few minutes on a busy machine. */
    private static final long TIMEOUT_SECONDS = 900;

    @Test
    void everyScenarioBehavesAsExpectedOnBothStacksAndTheServersLogTheRefusals(@TempDir Path directory) throws Exception {
        Demo demo = run(directory,
                Map.of("DEMO_HTTPS_PORT", String.valueOf(freePort()), "DEMO_SOCKET_PORT", String.valueOf(freePort())));
        assertThat(demo.exitCode()).as("demo exit code; its output:%n%s", demo.log()).isZero();
        String log = demo.log();
        int reactive = log.indexOf("== reactive stack: ");
        assertThat(log.indexOf("== servlet stack: ")).as("the servlet stack first, then the reactive one; output:%n%s", log)
            .isNotNegative()
            .isLessThan(reactive);
        assertStack(log.substring(0, reactive), "sample-server", "Tomcat started on port", "RestClient");
        assertStack(log.substring(reactive), "sample-server-reactive", "Netty started on port", "WebClient");
        assertThat(log).contains("== demo: servlet stack: every scenario behaved as expected (31 of 31 scenarios")
            .contains("== demo: reactive stack: every scenario behaved as expected (31 of 31 scenarios")
            .contains("== sample-auth-server: Tomcat started on port")
            .contains("== demo: every scenario behaved as expected")
            .doesNotContain("[FAIL]").doesNotContain("[SKIP]");
    }

    /** One stack's part of the output: its own server answered, every scenario ran with the client, the refusals logged. */
    private static void assertStack(String output, String server, String started, String client) {
        assertThat(output).as("the output of the stack of %s", server)
            .contains("== " + server + ": " + started)
            .contains("running the SPIFFE scenarios with " + client + " against https://127.0.0.1:")
            .contains("31 of 31 scenarios behaved as expected")
            .contains("[OK] mTLS, both sides authorize IDs: 200 Success!!!")
            .contains("[OK] policy: peer ID only: 200 Success!!!")
            .contains("[OK] policy: peer ID and request principal: 200 Success!!!")
            .contains("[OK] raw mTLS socket: the server said: Hello client")
            .contains("== what " + server + " logged about the scenarios")
            .contains("Raw mTLS socket: spiffe://example.org/client says: Hello server")
            .contains("Access denied: \"spiffe://example.org/client\" may not GET \"/policy/unlisted\" (no ALLOW rule matches)")
            .contains("Invalid token: expected audience in [spiffe://example.org/server")
            .contains("Invalid token: token expired at ")
            .contains("Rejected TLS client: unexpected ID \"spiffe://example.org/intruder\"")
            // the OAuth flows: sample-client publishes its client ID metadata document, sample-auth-server issues tokens
            .containsPattern("\\[OK] OAuth 1: client ID JWT: 200 Success!!! Hello https://127\\.0\\.0\\.1:\\d+/\\.well-known/cimd-workload-1\\.json \\(CLIENT_ID\\)")
            .contains("[OK] OAuth 1: issuer not allowed: 401")
            .contains("[OK] OAuth 1: document's client_id differs: 401")
            .contains("[OK] OAuth 1: key never published: 401")
            .contains("[OK] OAuth 2: the server's access token: 200 Success!!! Hello https://127.0.0.1:")
            .contains("[OK] OAuth 2: expiring access token renewed: 200 Success!!! Hello https://127.0.0.1:")
            .containsPattern("\\[OK] OAuth 3: 401, auth server, JWT-SVID: 200 Success!!! Hello https://127\\.0\\.0\\.1:\\d+/spiffe://example\\.org/client \\(JWT\\)")
            .contains("[OK] OAuth 3: 401, auth server, client ID JWT: 200 Success!!! Hello https://127.0.0.1:")
            .contains("[OK] OAuth 3: auth server not trusted: 401 Unauthorized: Bearer resource_metadata=")
            .contains("client assertions made: 0")
            .contains("is not an accepted issuer")
            .contains("not its own URL")
            .contains("no matching key among the issuer's keys");
    }

    /**
     * sample-server as Spring AOT processed it in the build: Spring Boot logs "Starting AOT-processed" only when it
     * runs from the generated initializer (without one it refuses to start).
     */
    @Test
    void everyScenarioBehavesAsExpectedWithSampleServerRunningInAotMode(@TempDir Path directory) throws Exception {
        Demo demo = run(directory, Map.of("DEMO_STACK", "servlet", "DEMO_AOT", "1"));
        assertThat(demo.exitCode()).as("demo exit code; its output:%n%s", demo.log()).isZero();
        String log = demo.log();
        assertThat(log).contains("== sample-server runs in AOT mode (-Dspring.aot.enabled=true")
            .contains("== sample-server: Starting AOT-processed SampleServerApplication")
            .doesNotContain("== reactive stack: ");
        assertStack(log, "sample-server", "Tomcat started on port", "RestClient");
        assertThat(log).contains("== demo: servlet stack: every scenario behaved as expected (31 of 31 scenarios")
            .contains("== demo: every scenario behaved as expected")
            .doesNotContain("[FAIL]").doesNotContain("[SKIP]");
    }

    /**
     * The AOT processing fixed sample-server's SPIFFE beans for a Workload API address: without one it does not start,
     * and the code the processing generated says why.
     */
    @Test
    void theAotProcessedServerRefusesToStartWithoutTheWorkloadApiItWasProcessedFor(@TempDir Path directory) throws Exception {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        Path output = directory.resolve("sample-server.log");
        ProcessBuilder server = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Dspring.aot.enabled=true", "-jar", repository.resolve("sample-server/target/sample-server-0.1.0-SNAPSHOT-exec.jar").toString(),
                "--server.port=" + freePort(), "--spring.grpc.server.port=" + freePort(), "--sample.socket.port=" + freePort())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        server.environment().remove("SPIFFE_ENDPOINT_SOCKET");
        Process process = server.start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String log = Files.readString(output);
        assertThat(finished).as("sample-server stopped within 120 s; its output:%n%s", log).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", log).isNotZero();
        // refused by the generated initializer, before Spring Boot logs that it starts
        assertThat(log).contains("APPLICATION FAILED TO START")
            .contains("it runs from AOT-processed classes (spring.aot.enabled=true)")
            .contains("spiffe.workload-api.address or SPIFFE_ENDPOINT_SOCKET: set when processed, not set now")
            .contains("spring-boot:process-aot")
            .doesNotContain("started on port")
            .doesNotContain("\tat ");
    }

    @Test
    void aPortAnotherProcessHoldsStopsTheDemoBeforeItStartsAServer(@TempDir Path directory) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Demo demo = run(directory, Map.of("DEMO_HTTPS_PORT", String.valueOf(taken.getLocalPort())));
            assertThat(demo.exitCode()).as("demo exit code; its output:%n%s", demo.log()).isEqualTo(1);
            assertThat(demo.log()).contains("demo: port " + taken.getLocalPort() + " on 127.0.0.1 is taken by another process")
                .doesNotContain("== starting");
        }
    }

    private static Demo run(Path directory, Map<String, String> environment) throws IOException, InterruptedException {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        Path output = directory.resolve("demo.log");
        ProcessBuilder demo = new ProcessBuilder(repository.resolve("demo/run").toString())
            .directory(repository.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        demo.environment().put("DEMO_SKIP_BUILD", "1");
        demo.environment().put("JAVA", ProcessHandle.current().info().command().orElse("java"));
        demo.environment().putAll(environment);
        Process process = demo.start();
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String log = Files.readString(output);
        assertThat(finished).as("demo finished within %d s; its output:%n%s", TIMEOUT_SECONDS, log).isTrue();
        return new Demo(process.exitValue(), log);
    }

    private record Demo(int exitCode, String log) {
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
