package dev.spiffeboot.spire;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sample-server, sample-server-reactive, sample-auth-server and sample-client against a real SPIRE server and agent:
 * the agent tells the workloads apart by their Unix user, so each runs as a uid of its own ({@code setpriv}). The
 * X509-SVIDs live one minute, so SPIRE rotates them about every 30 s while the tests run (the sample client's JWTs
 * are signed with its SVID's key); the agent also issues new ones when it restarts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpireSamplesIT {

    private static final String TRUST_DOMAIN = "example.org";

    private static final String SERVER_ID = "spiffe://example.org/server";

    private static final String CLIENT_ID = "spiffe://example.org/client";

    private static final String INTRUDER_ID = "spiffe://example.org/intruder";

    private static final String AUTH_SERVER_ID = "spiffe://example.org/auth-server";

    private static final int SERVER_UID = 40001;

    private static final int CLIENT_UID = 40002;

    private static final int INTRUDER_UID = 40003;

    private static final int AUTH_SERVER_UID = 40004;

    private static final Duration SVID_TTL = Duration.ofSeconds(60);

    /** SPIRE dates its X509-SVIDs back by this much (credtemplate.NotBeforeCushion). */
    private static final Duration SPIRE_NOT_BEFORE_CUSHION = Duration.ofSeconds(10);

    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(3);

    private Path directory;

    private SpireServer spire;

    private SpireAgent agent;

    private SampleServer servlet;

    private SampleServer reactive;

    private SampleServer authServer;

    /** Where sample-client, with its oauth profile, publishes its client ID metadata document. */
    private int clientPort;

    private Path clientJar;

    @BeforeAll
    void startSpireAndTheSampleServers() throws Exception {
        SpireBinaries.requireUidSwitching();
        Path binaries = SpireBinaries.directory();
        // the workloads run as other users: they must reach the agent's socket and read the jars
        this.directory = Files.createTempDirectory("spire-it");
        Files.setPosixFilePermissions(this.directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.spire = SpireServer.start(binaries, Files.createDirectories(this.directory.resolve("server")), TRUST_DOMAIN,
                LoopbackPorts.free());
        this.agent = SpireAgent.start(binaries, Files.createDirectories(this.directory.resolve("agent")), this.spire, TRUST_DOMAIN);
        this.spire.registerUid(this.agent.id(), SERVER_ID, SERVER_UID, SVID_TTL);
        this.spire.registerUid(this.agent.id(), CLIENT_ID, CLIENT_UID, SVID_TTL);
        this.spire.registerUid(this.agent.id(), INTRUDER_ID, INTRUDER_UID, SVID_TTL);
        this.spire.registerUid(this.agent.id(), AUTH_SERVER_ID, AUTH_SERVER_UID, SVID_TTL);
        // this test process calls the server as the client too, to watch it rotate
        this.spire.registerUid(this.agent.id(), CLIENT_ID, currentUid(), SVID_TTL);

        this.clientJar = copyJar("sample-client");
        this.clientPort = LoopbackPorts.free();
        String clientPortArgument = "--sample.client-port=" + this.clientPort;
        this.authServer = startServer("sample-auth-server", AUTH_SERVER_UID, clientPortArgument);
        String authServerPortArgument = "--sample.auth-server-port=" + this.authServer.httpsPort();
        this.servlet = startServer("sample-server", SERVER_UID, clientPortArgument, authServerPortArgument);
        this.reactive = startServer("sample-server-reactive", SERVER_UID, clientPortArgument, authServerPortArgument);
    }

    private SampleServer startServer(String module, int uid, String... arguments) throws IOException, InterruptedException {
        Workload workload = new Workload(uid, this.agent.address(), copyJar(module));
        return SampleServer.start(module, workload, this.directory.resolve(module + ".log"), arguments);
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (AutoCloseable running : new AutoCloseable[] { this.servlet, this.reactive, this.authServer, this.agent, this.spire }) {
            if (running != null) {
                running.close();
            }
        }
        if (this.directory != null) {
            keepLogs();
            try (Stream<Path> files = Files.walk(this.directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Copies the logs of SPIRE and the samples to {@code target/spire-logs} for a look after a failure. */
    private void keepLogs() throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "spire-logs"));
        try (Stream<Path> files = Files.walk(this.directory)) {
            for (Path log : files.filter(path -> path.toString().endsWith(".log")).toList()) {
                Files.copy(log, logs.resolve(this.directory.relativize(log).toString().replace('/', '-')),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The two sample servers with the client each is called with (the servers stay up for the next test). */
    Stream<Arguments> stacks() {
        return Stream.of(Arguments.of(this.servlet, "rest-client"), Arguments.of(this.reactive, "web-client"));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("stacks")
    @Order(1)
    void theServerGetsItsIdentityFromSpire(SampleServer server, String httpClient) throws IOException {
        assertThat(server.log()).contains("SPIFFE identity " + SERVER_ID)
            .contains(this.agent.address())
            .doesNotContain(" WARN ")
            .doesNotContain(" ERROR ");
    }

    @Test
    @Order(1)
    void theAuthorizationServerGetsItsIdentityFromSpire() throws IOException {
        assertThat(this.authServer.log()).contains("SPIFFE identity " + AUTH_SERVER_ID)
            .doesNotContain(" WARN ")
            .doesNotContain(" ERROR ");
    }

    @ParameterizedTest(name = "{0} with {1}", autoCloseArguments = false)
    @MethodSource("stacks")
    @Order(2)
    void everyScenarioThatNeedsNoExtraSocketBehavesAsExpected(SampleServer server, String httpClient) throws Exception {
        Command client = clientAs(CLIENT_UID, server, "--sample.http-client=" + httpClient, "--spring.profiles.active=oauth",
                "--sample.client-port=" + this.clientPort, "--sample.auth-server-url=https://127.0.0.1:" + this.authServer.httpsPort());
        assertThat(client.exitCode()).as(client.output()).isZero();
        assertThat(client.output()).contains("Client " + CLIENT_ID + ": running the SPIFFE scenarios")
            .contains("[OK] mTLS, both sides authorize IDs: 200 Success!!!")
            .contains("[OK] TLS + JWT-SVID (local bundles): 200 Success!!!")
            .contains("[OK] TLS + JWT-SVID (Workload API validation): 200 Success!!!")
            .contains("[OK] raw mTLS socket: the server said: Hello client")
            .contains("[OK] audience: B's token at C: 403")
            .contains("[OK] policy: peer ID and request principal: 200 Success!!!")
            .contains("[OK] wrong audience: 401")
            .contains("[OK] client expects another server ID")
            .contains("[OK] gRPC mTLS: Greeter/SayHello: the server said: Hello sample-client")
            .contains("[OK] gRPC mTLS + JWT-SVID call credentials: the server said: Hello sample-client")
            .contains("[OK] gRPC JWT-SVID for another audience: UNAUTHENTICATED: invalid_token: expected audience in [")
            .contains("[OK] gRPC method no rule allows: PERMISSION_DENIED: " + CLIENT_ID + " may not call /grpc.health.v1.Health/Check")
            .contains("[OK] gRPC client expects another server ID: UNAVAILABLE")
            // the OAuth flows, with keys that SPIRE rotates while they run: the client's X509-SVID signs its JWTs
            .contains("[OK] OAuth 1: client ID JWT: 200 Success!!! Hello https://127.0.0.1:" + this.clientPort
                    + "/.well-known/cimd-workload-1.json (CLIENT_ID)")
            .contains("[OK] OAuth 1: issuer not allowed: 401")
            .contains("[OK] OAuth 1: document's client_id differs: 401")
            .contains("[OK] OAuth 1: key never published: 401")
            .contains("[OK] OAuth 2: the server's access token: 200")
            .contains("[OK] OAuth 2: expiring access token renewed: 200")
            .contains("[OK] OAuth 3: 401, auth server, JWT-SVID: 200 Success!!! Hello https://127.0.0.1:"
                    + this.authServer.httpsPort() + "/" + CLIENT_ID + " (JWT)")
            .contains("[OK] OAuth 3: 401, auth server, client ID JWT: 200")
            .contains("[OK] OAuth 3: auth server not trusted: 401")
            // one process, one identity: these two need the dev agent's extra sockets
            .contains("[SKIP] expired token")
            .contains("[SKIP] client with a wrong identity")
            .doesNotContain("[FAIL]");
        assertThat(client.output().lines().filter(line -> line.startsWith("[OK] "))).hasSize(29);
        assertThat(server.log()).contains("Invalid token: expected audience in [" + SERVER_ID);
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("stacks")
    @Order(3)
    void aClientRunAsAnotherUserGetsAnotherIdentityAndIsRefused(SampleServer server, String httpClient) throws Exception {
        Command intruder = clientAs(INTRUDER_UID, server, "--sample.only[0]=client with a wrong identity",
                "--sample.intruder-workload-api=" + this.agent.address());
        assertThat(intruder.exitCode()).as(intruder.output()).isZero();
        assertThat(intruder.output()).contains("Client " + INTRUDER_ID + ": running the SPIFFE scenarios")
            .contains("[OK] client with a wrong identity: " + INTRUDER_ID + " was refused during the handshake")
            .contains("1 of 1 scenarios behaved as expected");
        assertThat(server.log()).contains("Rejected TLS client: unexpected ID \"" + INTRUDER_ID + "\"");
    }

    @Test
    @Order(4)
    void tomcatPresentsEachRotatedSvidWithoutRestartAndOutlivesAnAgentRestart() throws Exception {
        try (X509Source source = X509Source.builder().address(this.agent.address()).build()) {
            assertThat(source.x509Svid().id()).isEqualTo(SpiffeId.parse(CLIENT_ID));
            SSLContext tls = SpiffeSslContexts.mtlsClient(source, source, Authorizer.id(SpiffeId.parse(SERVER_ID)));
            RotationProbe probe = new RotationProbe(tls, new InetSocketAddress("127.0.0.1", this.servlet.httpsPort()), "/mtls/hello");

            probe.untilCertificates(3, Duration.ofMinutes(2));
            this.agent.stop();
            probe.during(Duration.ofSeconds(10));
            this.agent.start();
            // the restarted agent issues new SVIDs, then rotates them again: the server must get both
            probe.untilCertificates(5, Duration.ofMinutes(2));

            report(probe);
            assertThat(probe.failures()).as("failed requests of %d", probe.requests()).isEmpty();
            assertThat(probe.wentBack()).as("a connection got an older certificate after a newer one").isFalse();
            Instant previousNotBefore = Instant.MIN;
            for (RotationProbe.Seen seen : probe.certificates().values()) {
                assertThat(seen.notBefore()).isAfter(previousNotBefore);
                assertThat(seen.notAfter()).isAfter(seen.firstPresented());
                previousNotBefore = seen.notBefore();
            }
        }
        assertThat(this.servlet.isAlive()).isTrue();
        assertThat(this.reactive.isAlive()).isTrue();
    }

    /** Prints each certificate and how long after SPIRE issued it a new connection first got it. */
    private static void report(RotationProbe probe) {
        System.out.println("SPIRE rotation: " + probe.requests() + " requests, " + probe.failures().size() + " failed; certificates:");
        probe.certificates().forEach((serial, seen) -> {
            Instant issued = seen.notBefore().plus(SPIRE_NOT_BEFORE_CUSHION);
            System.out.println("  serial " + serial.toString(16) + " issued " + issued + ", first presented "
                    + Duration.between(issued, seen.firstPresented()).toMillis() + " ms later");
        });
    }

    private Command clientAs(int uid, SampleServer server, String... extra) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("--sample.server-url=https://127.0.0.1:" + server.httpsPort(),
                "--sample.socket-port=" + server.socketPort(), "--sample.grpc-target=static://127.0.0.1:" + server.grpcPort()));
        arguments.addAll(List.of(extra));
        return new Workload(uid, this.agent.address(), this.clientJar).run(CLIENT_TIMEOUT, arguments.toArray(String[]::new));
    }

    /** Copies a sample's executable jar where every user may read it (the checkout may not be readable by them). */
    private Path copyJar(String module) throws IOException {
        Path target = Path.of("..", module, "target").toAbsolutePath().normalize();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
            for (Path jar : jars) {
                Path copy = Files.copy(jar, this.directory.resolve(module + ".jar"));
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                return copy;
            }
        }
        throw new AssertionError("no " + module + "-*-exec.jar in " + target + " (the reactor builds it before this module)");
    }

    private static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
