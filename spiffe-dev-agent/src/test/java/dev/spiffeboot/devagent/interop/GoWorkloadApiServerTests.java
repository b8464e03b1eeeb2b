package dev.spiffeboot.devagent.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.devagent.junit.Eventually;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.testing.TestCa;
import dev.spiffeboot.testing.TestJwtIssuer;
import dev.spiffeboot.workloadapi.Backoff;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.Watch;
import dev.spiffeboot.workloadapi.Watcher;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.WorkloadApiException;
import dev.spiffeboot.workloadapi.WorkloadApiStatus;
import dev.spiffeboot.workloadapi.X509Context;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java Workload API client against a third-party server: the {@code workload-api-server} of the Go interop
 * program, built on grpc-go and go-spiffe's generated service. grpc-go's HPACK encoder uses Huffman coding and the
 * dynamic table, and the server sends long, repeated and ever-changing metadata, a binary header and a
 * percent-encoded {@code grpc-message}. The server hands out PEM and JSON files this test writes, and pushes them
 * again when the test creates a {@code rotate} file.
 */
class GoWorkloadApiServerTests {

    private static final String WORKLOAD = "spiffe://example.org/workload";

    private static final String AUDIENCE = "spiffe://example.org/server";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final TestCa EXAMPLE = TestCa.root("example.org");

    private static final TestCa PARTNER = TestCa.root("partner.org");

    @TempDir
    Path directory;

    private Path material;

    private Path socket;

    private GoInterop.Running server;

    @BeforeAll
    static void buildTheGoProgram() throws Exception {
        GoInterop.binary();
    }

    @BeforeEach
    void createMaterialDirectory() throws IOException {
        this.material = Files.createDirectories(this.directory.resolve("material"));
        Files.createDirectories(this.material.resolve("federated"));
        this.socket = this.directory.resolve("agent.sock");
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (this.server != null) {
            this.server.close();
        }
    }

    @Test
    void fetchesTheX509ContextWithOwnAndFederatedBundles() throws Exception {
        X509Svid served = writeMaterial(TestJwtIssuer.es256("example.org", "key-1"));
        startServer();
        try (WorkloadApiClient client = client()) {
            X509Context context = client.fetchX509Context();
            assertThat(context.svids()).hasSize(1);
            assertThat(context.defaultSvid().id()).isEqualTo(SpiffeId.parse(WORKLOAD));
            assertThat(context.defaultSvid().leaf()).isEqualTo(served.leaf());
            assertThat(context.bundles().trustDomains()).containsExactlyInAnyOrder(TrustDomain.parse("example.org"),
                    TrustDomain.parse("partner.org"));
            assertThat(X509SvidVerifier.of(context.bundles()).verify(context.defaultSvid().chain()).id())
                .isEqualTo(SpiffeId.parse(WORKLOAD));
        }
    }

    @Test
    void fetchesX509AndJwtBundles() throws Exception {
        writeMaterial(TestJwtIssuer.es256("example.org", "key-1"));
        startServer();
        try (WorkloadApiClient client = client()) {
            X509BundleSet x509 = client.fetchX509Bundles();
            assertThat(x509.trustDomains()).containsExactlyInAnyOrder(TrustDomain.parse("example.org"), TrustDomain.parse("partner.org"));
            assertThat(x509.findX509Bundle(TrustDomain.parse("partner.org")).orElseThrow().authorities())
                .containsExactly(PARTNER.certificate());
            JwtBundleSet jwt = client.fetchJwtBundles();
            assertThat(jwt.findJwtBundle(TrustDomain.parse("example.org")).orElseThrow().findAuthority("key-1")).isPresent();
        }
    }

    @Test
    void fetchesTheJwtSvidTheServerHandsOut() throws Exception {
        TestJwtIssuer issuer = TestJwtIssuer.es256("example.org", "key-1");
        writeMaterial(issuer);
        startServer();
        try (WorkloadApiClient client = client()) {
            List<JwtSvid> svids = client.fetchJwtSvids(List.of(AUDIENCE), null);
            assertThat(svids).hasSize(1);
            assertThat(svids.get(0).id()).isEqualTo(SpiffeId.parse(WORKLOAD));
            assertThat(svids.get(0).token()).isEqualTo(read("jwt-svid.token"));
            assertThat(svids.get(0).audience()).containsExactly(AUDIENCE);
        }
    }

    @Test
    void validatesTheServedTokenAndReportsARefusalWithItsDecodedMessage() throws Exception {
        TestJwtIssuer issuer = TestJwtIssuer.es256("example.org", "key-1");
        writeMaterial(issuer);
        startServer();
        try (WorkloadApiClient client = client()) {
            assertThat(client.validateJwtSvid(read("jwt-svid.token"), AUDIENCE).id()).isEqualTo(SpiffeId.parse(WORKLOAD));
            String other = issuer.token(AUDIENCE).subject("spiffe://example.org/other").sign();
            // the client escapes non-ASCII in messages: "\u00e9" shows that grpc-message was percent-decoded as
            // UTF-8 (undecoded it would read "%C3%A9" and "100%25")
            assertThatThrownBy(() -> client.validateJwtSvid(other, AUDIENCE))
                .isInstanceOfSatisfying(InvalidJwtSvidException.class,
                        ex -> assertThat(ex.reason()).isEqualTo(InvalidJwtSvidException.Reason.REJECTED_BY_WORKLOAD_API))
                .hasMessageContaining("jeton refus\\u00e9: 100% invalide");
        }
    }

    @Test
    void serverRefusesCallsWithoutTheSecurityHeader() throws Exception {
        writeMaterial(TestJwtIssuer.es256("example.org", "key-1"));
        startServer();
        GoInterop.Result result = GoInterop.run(Map.of(), TIMEOUT, "call-without-header", "-socket", this.socket.toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("status: InvalidArgument security header missing from request");
    }

    @Test
    void repeatedCallsOnOneConnectionDecodeIndexedAndEvictedHeaders() throws Exception {
        writeMaterial(TestJwtIssuer.es256("example.org", "key-1"));
        startServer();
        String token = read("jwt-svid.token");
        try (WorkloadApiClient client = client()) {
            // each call repeats a long header and brings a new long trailer: grpc-go indexes both, and the 4 KiB
            // table soon evicts the older trailers
            for (int i = 0; i < 20; i++) {
                assertThat(client.fetchJwtSvid(List.of(AUDIENCE)).token()).isEqualTo(token);
                assertThat(client.validateJwtSvid(token, AUDIENCE).id()).isEqualTo(SpiffeId.parse(WORKLOAD));
                assertThat(client.fetchX509Context().defaultSvid().id()).isEqualTo(SpiffeId.parse(WORKLOAD));
            }
        }
    }

    @Test
    void watchesReceiveTheRotatedMaterial() throws Exception {
        X509Svid first = writeMaterial(TestJwtIssuer.es256("example.org", "key-1"));
        startServer();
        try (WorkloadApiClient client = client()) {
            Updates<X509Context> x509 = new Updates<>();
            Updates<JwtBundleSet> jwt = new Updates<>();
            try (Watch x509Watch = client.watchX509Context(x509); Watch jwtWatch = client.watchJwtBundles(jwt)) {
                assertThat(x509.next().defaultSvid().leaf()).isEqualTo(first.leaf());
                assertThat(jwt.next().findJwtBundle(TrustDomain.parse("example.org")).orElseThrow().findAuthority("key-1")).isPresent();
                X509Svid second = writeMaterial(TestJwtIssuer.es256("example.org", "key-2"));
                rotate();
                assertThat(x509.next().defaultSvid().leaf()).isEqualTo(second.leaf());
                assertThat(jwt.next().findJwtBundle(TrustDomain.parse("example.org")).orElseThrow().findAuthority("key-2")).isPresent();
            }
        }
    }

    @Test
    void sourcesFollowTheGoServer() throws Exception {
        writeMaterial(TestJwtIssuer.es256("example.org", "key-1"));
        startServer();
        try (X509Source x509 = X509Source.builder().address(address()).build();
                JwtSource jwt = JwtSource.builder().address(address()).build()) {
            assertThat(x509.x509Svid().id()).isEqualTo(SpiffeId.parse(WORKLOAD));
            assertThat(jwt.fetchJwtSvid(AUDIENCE).token()).isEqualTo(read("jwt-svid.token"));
            X509Svid second = writeMaterial(TestJwtIssuer.es256("example.org", "key-2"));
            rotate();
            Eventually.within(TIMEOUT, "the X509 source has the rotated SVID", () -> x509.x509Svid().leaf().equals(second.leaf()));
            Eventually.within(TIMEOUT, "the JWT source has the rotated bundle",
                    () -> jwt.bundles().findJwtBundle(TrustDomain.parse("example.org")).orElseThrow().findAuthority("key-2").isPresent());
        }
    }

    @Test
    void watchReportsAKilledServerAndResumesWhenItIsBack() throws Exception {
        X509Svid first = writeMaterial(TestJwtIssuer.es256("example.org", "key-1"));
        startServer();
        WorkloadApiClient client = WorkloadApiClient.builder()
            .address(address())
            .backoff(Backoff.of(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.2))
            .build();
        Updates<X509Context> updates = new Updates<>();
        try (client; Watch watch = client.watchX509Context(updates)) {
            assertThat(updates.next().defaultSvid().leaf()).isEqualTo(first.leaf());
            this.server.close();
            WorkloadApiException error = updates.nextError();
            assertThat(error.isRetrying()).isTrue();
            assertThat(error.status()).isEqualTo(WorkloadApiStatus.UNAVAILABLE);
            X509Svid second = writeMaterial(TestJwtIssuer.es256("example.org", "key-1"));
            startServer();
            assertThat(updates.next().defaultSvid().leaf()).isEqualTo(second.leaf());
        }
    }

    private void startServer() throws IOException, InterruptedException {
        this.server = GoInterop.workloadApiServer(this.socket, this.material, TIMEOUT);
    }

    private WorkloadApiAddress address() {
        return WorkloadApiAddress.unix(this.socket);
    }

    private WorkloadApiClient client() {
        return WorkloadApiClient.create(address());
    }

    /** Writes a new X509-SVID of the workload, both bundles, the JWT bundle and a token of the issuer. */
    private X509Svid writeMaterial(TestJwtIssuer issuer) throws IOException {
        X509Svid svid = EXAMPLE.leaf(WORKLOAD).svid();
        write("svid.pem", svid.chainPem());
        write("svid.key", svid.privateKeyPem());
        write("bundle.pem", EXAMPLE.bundle().toPem());
        write("federated/partner.org.pem", PARTNER.bundle().toPem());
        write("jwt-bundle.json", issuer.bundle().toJwks());
        write("jwt-svid.token", issuer.token(AUDIENCE).subject(WORKLOAD).sign());
        return svid;
    }

    /** Replaces a file in one step, so that the server never reads half of it. */
    private void write(String name, String content) throws IOException {
        Path target = this.material.resolve(name);
        Path temporary = Files.writeString(target.resolveSibling(target.getFileName() + ".tmp"), content, StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String read(String name) throws IOException {
        return Files.readString(this.material.resolve(name), StandardCharsets.UTF_8);
    }

    /** Has the server read the files again and push them; returns once it has. */
    private void rotate() throws IOException, InterruptedException {
        Files.writeString(this.material.resolve("rotate"), "");
        assertThat(this.server.awaitLine("rotated:", TIMEOUT)).isNotEmpty();
    }

    /** Collects what a watch reports, for bounded waits. */
    private static final class Updates<T> implements Watcher<T> {

        private final BlockingQueue<T> updates = new LinkedBlockingQueue<>();

        private final BlockingQueue<WorkloadApiException> errors = new LinkedBlockingQueue<>();

        @Override
        public void onUpdate(T update) {
            this.updates.add(update);
        }

        @Override
        public void onError(WorkloadApiException error) {
            this.errors.add(error);
        }

        T next() throws InterruptedException {
            T update = this.updates.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(update).as("an update within " + TIMEOUT).isNotNull();
            return update;
        }

        WorkloadApiException nextError() throws InterruptedException {
            WorkloadApiException error = this.errors.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(error).as("an error within " + TIMEOUT).isNotNull();
            return error;
        }
    }
}
