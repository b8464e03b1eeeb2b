package dev.spiffeboot.workloadapi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Endpoint;
import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Workload API that cannot be reached says why, on real sockets: no socket file, a socket without permission, a
 * socket file nobody listens on, a file that is not a socket. The status stays {@code UNAVAILABLE}.
 */
class ConnectFailureTests {

    private static final String SERVICE = "spiffe://example.org/service";

    @TempDir
    Path directory;

    private static WorkloadApiException failureAt(WorkloadApiAddress address) {
        try (WorkloadApiClient client = WorkloadApiClient.builder().address(address).rpcTimeout(Duration.ofSeconds(5)).build()) {
            client.fetchX509Context();
        }
        catch (WorkloadApiException ex) {
            return ex;
        }
        throw new AssertionError("the call to " + address + " succeeded");
    }

    @Test
    void noSocketFile() {
        Path socket = this.directory.resolve("missing/agent.sock");
        WorkloadApiException failure = failureAt(WorkloadApiAddress.unix(socket));
        assertThat(failure.status()).isEqualTo(WorkloadApiStatus.UNAVAILABLE);
        assertThat(failure.connectFailure()).contains(ConnectFailure.NO_SOCKET);
        assertThat(failure.getMessage()).isEqualTo("Workload API FetchX509SVID at unix:" + socket + " failed: UNAVAILABLE: no Workload API "
                + "socket at " + socket + " (the agent is not running, or the address is wrong)");
    }

    @Test
    void aSocketFileNobodyListensOn() throws Exception {
        Path socket = this.directory.resolve("stale.sock");
        // closing a bound Unix socket leaves its file behind, as a killed agent does
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        WorkloadApiException failure = failureAt(WorkloadApiAddress.unix(socket));
        assertThat(failure.status()).isEqualTo(WorkloadApiStatus.UNAVAILABLE);
        assertThat(failure.connectFailure()).contains(ConnectFailure.CONNECTION_REFUSED);
        assertThat(failure.getMessage()).endsWith("failed: UNAVAILABLE: connection refused at " + socket
                + " (a socket file is there but no agent is listening)");
    }

    @Test
    void aTcpPortNobodyListensOn() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        WorkloadApiException failure = failureAt(WorkloadApiAddress.parse("tcp://127.0.0.1:" + port));
        assertThat(failure.connectFailure()).contains(ConnectFailure.CONNECTION_REFUSED);
        assertThat(failure.getMessage()).endsWith("failed: UNAVAILABLE: connection refused at 127.0.0.1:" + port
                + " (no agent is listening on that port)");
    }

    @Test
    void aFileThatIsNotASocket() throws Exception {
        Path file = Files.writeString(this.directory.resolve("agent.sock"), "not a socket");
        WorkloadApiException failure = failureAt(WorkloadApiAddress.unix(file));
        assertThat(failure.connectFailure()).contains(ConnectFailure.NOT_A_SOCKET);
        assertThat(failure.getMessage()).endsWith("failed: UNAVAILABLE: " + file
                + " is not a socket (a regular file or a directory is there: the address is wrong)");
    }

    @Test
    void aSocketThisUserMayNotConnectTo() throws Exception {
        Path socket = this.directory.resolve("agent.sock");
        DevAgentConfig config = DevAgentConfig.builder(TrustDomain.parse("example.org"), this.directory.resolve("ca"))
            .endpoint(Endpoint.unix(socket, new Identity(SpiffeId.parse(SERVICE), "", null, null, false)))
            .build();
        try (DevAgent agent = DevAgent.start(config)) {
            assertThat(failureOrNull(agent.address(0))).as("the agent serves before its socket's mode is changed").isNull();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("---------"));
            String expected = "failed: UNAVAILABLE: permission denied on " + socket
                    + " (the socket's file mode does not let this user connect)";
            if (new UnixSystem().getUid() != 0) {
                WorkloadApiException failure = failureAt(agent.address(0));
                assertThat(failure.connectFailure()).contains(ConnectFailure.PERMISSION_DENIED);
                assertThat(failure.getMessage()).endsWith(expected);
                return;
            }
            // root connects whatever the file mode says: the call is made by a JVM without that privilege
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "running as root, where file modes do not "
                    + "stop a connect, and without setpriv to drop CAP_DAC_OVERRIDE for a child JVM: the permission case "
                    + "cannot happen here");
            ChildResult child = callAsRootWithoutFileModeOverride(socket);
            assertThat(child.output()).contains("connectFailure=PERMISSION_DENIED").contains(expected);
        }
    }

    private static WorkloadApiException failureOrNull(WorkloadApiAddress address) {
        try (WorkloadApiClient client = WorkloadApiClient.create(address)) {
            client.fetchX509Context();
            return null;
        }
        catch (WorkloadApiException ex) {
            return ex;
        }
    }

    /** Runs {@link CallWorkloadApi} in a JVM that lacks the capabilities which let root ignore file modes. */
    private ChildResult callAsRootWithoutFileModeOverride(Path socket) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                CallWorkloadApi.class.getName(), socket.toString()));
        Path output = this.directory.resolve("child.out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the child JVM did not end within 60 s: " + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new ChildResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private record ChildResult(int exitCode, String output) {
    }

    /** The child JVM: one call to the Workload API at the socket given, and what its failure says. */
    static final class CallWorkloadApi {

        public static void main(String[] args) {
            WorkloadApiException failure = failureOrNull(WorkloadApiAddress.unix(Path.of(args[0])));
            System.out.println(failure == null ? "no failure"
                    : "connectFailure=" + failure.connectFailure().map(Enum::name).orElse("none") + "\n" + failure.getMessage());
        }
    }
}
