package dev.spiffeboot.workloadapi;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.security.auth.module.UnixSystem;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Endpoint;
import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.testing.JwsRespelling;
import dev.spiffeboot.devagent.grpc.SpiffeWorkloadAPIGrpc;
import dev.spiffeboot.devagent.grpc.ValidateJWTSVIDRequest;
import dev.spiffeboot.devagent.grpc.X509SVIDRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** All five RPCs over a real Unix socket against the dev agent, and the failure modes of the client. */
class WorkloadApiClientTests {

    private static final String SERVER = "spiffe://example.org/server";

    private static final String CLIENT = "spiffe://example.org/client";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder()
        .federatedTrustDomain("partner.org")
        .identity(SERVER)
        .identity(CLIENT)
        .identity("spiffe://partner.org/billing")
        .build();

    private static WorkloadApiClient client(String identity) {
        return WorkloadApiClient.create(agent.address(identity));
    }

    @Test
    void fetchesX509SvidsWithOwnAndFederatedBundles() throws Exception {
        try (WorkloadApiClient client = client(SERVER)) {
            X509Context context = client.fetchX509Context();
            assertThat(context.svids()).hasSize(1);
            assertThat(context.defaultSvid().id()).isEqualTo(SpiffeId.parse(SERVER));
            assertThat(context.bundles().trustDomains()).containsExactly(TrustDomain.parse("example.org"), TrustDomain.parse("partner.org"));
            assertThat(X509SvidVerifier.of(context.bundles()).verify(context.defaultSvid().chain()).id()).isEqualTo(SpiffeId.parse(SERVER));
        }
    }

    @Test
    void federatedWorkloadsGetTheirOwnTrustDomainsSvid() {
        try (WorkloadApiClient client = client("spiffe://partner.org/billing")) {
            X509Context context = client.fetchX509Context();
            assertThat(context.defaultSvid().id().trustDomain()).isEqualTo(TrustDomain.parse("partner.org"));
            assertThat(context.bundles().trustDomains()).contains(TrustDomain.parse("example.org"));
        }
    }

    @Test
    void fetchesBundles() {
        try (WorkloadApiClient client = client(CLIENT)) {
            X509BundleSet x509 = client.fetchX509Bundles();
            JwtBundleSet jwt = client.fetchJwtBundles();
            assertThat(x509.bundles()).hasSize(2);
            assertThat(jwt.bundles()).hasSize(2);
            assertThat(jwt.findJwtBundle(TrustDomain.parse("example.org")).orElseThrow().isEmpty()).isFalse();
        }
    }

    @Test
    void mintsJwtSvidsThatValidateWithTheJwtBundles() throws Exception {
        try (WorkloadApiClient client = client(CLIENT)) {
            JwtSvid svid = client.fetchJwtSvid(List.of(SERVER, "spiffe://example.org/other"));
            assertThat(svid.id()).isEqualTo(SpiffeId.parse(CLIENT));
            assertThat(svid.audience()).containsExactly(SERVER, "spiffe://example.org/other");
            assertThat(svid.expiresAt()).isBetween(java.time.Instant.now().plusSeconds(200), java.time.Instant.now().plusSeconds(301));
            JwtSvid validated = JwtSvidValidator.of(client.fetchJwtBundles()).validate(svid.token(), SERVER);
            assertThat(validated.id()).isEqualTo(SpiffeId.parse(CLIENT));
        }
    }

    @Test
    void mintsForARequestedIdentityOnlyIfTheCallerHasIt() {
        try (WorkloadApiClient client = client(CLIENT)) {
            assertThat(client.fetchJwtSvids(List.of(SERVER), SpiffeId.parse(CLIENT))).hasSize(1);
            assertThatThrownBy(() -> client.fetchJwtSvids(List.of(SERVER), SpiffeId.parse(SERVER)))
                .isInstanceOfSatisfying(WorkloadApiException.class, ex -> assertThat(ex.status()).isEqualTo(WorkloadApiStatus.PERMISSION_DENIED));
        }
    }

    @Test
    void validatesJwtSvidsThroughTheWorkloadApi() throws Exception {
        String token;
        try (WorkloadApiClient client = client(CLIENT)) {
            token = client.fetchJwtSvid(List.of(SERVER)).token();
        }
        try (WorkloadApiClient server = client(SERVER)) {
            assertThat(server.validateJwtSvid(token, SERVER).id()).isEqualTo(SpiffeId.parse(CLIENT));
            assertThatThrownBy(() -> server.validateJwtSvid(token, "spiffe://example.org/someone-else"))
                .isInstanceOfSatisfying(InvalidJwtSvidException.class,
                        ex -> assertThat(ex.reason()).isEqualTo(InvalidJwtSvidException.Reason.REJECTED_BY_WORKLOAD_API))
                .hasMessageContaining("expected audience in [spiffe://example.org/someone-else] (audience=[spiffe://example.org/server])");
            assertThatThrownBy(() -> server.validateJwtSvid("garbage", SERVER)).isInstanceOf(InvalidJwtSvidException.class)
                .hasMessageContaining("not a JWS");
        }
    }

    @Test
    void refusesEmptyAudiencesBeforeCalling() {
        try (WorkloadApiClient client = client(CLIENT)) {
            assertThatThrownBy(() -> client.fetchJwtSvids(List.of(), null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void agentRejectsCallsWithoutTheSecurityHeader() throws Exception {
        onRawChannel(SERVER, new ClientInterceptor[0], channel -> assertThatThrownBy(() -> SpiffeWorkloadAPIGrpc.newBlockingStub(channel)
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .fetchX509SVID(X509SVIDRequest.getDefaultInstance())
            .next())
            .isInstanceOfSatisfying(StatusRuntimeException.class, ex -> {
                assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(ex.getStatus().getDescription()).isEqualTo("security header missing from request");
            }));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = { "SIGNATURE_PADDED", "SIGNATURE_PADDED_100", "SIGNATURE_STANDARD_ALPHABET", "SIGNATURE_UNUSED_BITS_SET",
            "PAYLOAD_LINE_BREAK" })
    void agentValidatesATokenOnlyInItsCanonicalSpelling(JwsRespelling respelling) throws Exception {
        String token;
        try (WorkloadApiClient client = client(CLIENT)) {
            // the ECDSA signature differs at each minting (the agent's header may have nothing to respell)
            token = JwsRespelling.tokenRespellableBy(EnumSet.of(respelling), () -> client.fetchJwtSvid(List.of(SERVER)).token());
        }
        String variant = respelling.apply(token);
        Metadata header = new Metadata();
        header.put(Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER), "true");
        onRawChannel(SERVER, new ClientInterceptor[] { MetadataUtils.newAttachHeadersInterceptor(header) }, channel -> {
            SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub stub = SpiffeWorkloadAPIGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS);
            assertThat(stub.validateJWTSVID(ValidateJWTSVIDRequest.newBuilder().setAudience(SERVER).setSvid(token).build())
                .getSpiffeId()).isEqualTo(CLIENT);
            assertThatThrownBy(() -> stub.validateJWTSVID(ValidateJWTSVIDRequest.newBuilder().setAudience(SERVER).setSvid(variant).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, ex -> {
                    assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(ex.getStatus().getDescription()).contains("is not canonical base64url");
                });
        });
        try (WorkloadApiClient server = client(SERVER)) {
            assertThatThrownBy(() -> server.validateJwtSvid(variant, SERVER)).isInstanceOfSatisfying(InvalidJwtSvidException.class,
                    ex -> assertThat(ex.reason()).isEqualTo(InvalidJwtSvidException.Reason.REJECTED_BY_WORKLOAD_API));
        }
    }

    @FunctionalInterface
    interface ChannelCalls {

        void run(ManagedChannel channel) throws Exception;
    }

    /** Runs calls on a plain gRPC channel to the endpoint of an identity, without the client's interceptors. */
    private static void onRawChannel(String identity, ClientInterceptor[] interceptors, ChannelCalls calls)
            throws Exception {
        Path socket = agent.address(identity).socketPath().orElseThrow();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollDomainSocketChannel.class)
            .eventLoopGroup(group)
            .withOption(ChannelOption.SO_KEEPALIVE, null)
            .usePlaintext()
            .overrideAuthority("localhost")
            .intercept(interceptors)
            .build();
        try {
            calls.run(channel);
        }
        finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anIdentityConfiguredSoGetsJwtSvidsThatExpiredAnHourAgo(@TempDir Path directory) throws Exception {
        Identity expired = new Identity(SpiffeId.parse(CLIENT), "", null, null, true);
        DevAgentConfig config = DevAgentConfig.builder(TrustDomain.parse("example.org"), directory.resolve("ca"))
            .endpoint(Endpoint.unix(directory.resolve("expired.sock"), expired))
            .build();
        try (DevAgent expiring = DevAgent.start(config);
                WorkloadApiClient client = WorkloadApiClient.create(expiring.address(0))) {
            JwtSvid svid = client.fetchJwtSvid(List.of(SERVER));
            assertThat(svid.expiresAt()).isBefore(Instant.now().minus(Duration.ofMinutes(59)));
            assertThat(svid.issuedAt()).hasValueSatisfying(issued -> assertThat(issued).isBefore(svid.expiresAt()));
            assertThatThrownBy(() -> client.validateJwtSvid(svid.token(), SERVER)).isInstanceOf(InvalidJwtSvidException.class)
                .hasMessageContaining("token expired at");
        }
    }

    @Test
    void unaryCallsHaveADeadline(@TempDir Path directory) throws Exception {
        Path socket = directory.resolve("silent.sock");
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket));
            try (WorkloadApiClient client = WorkloadApiClient.builder()
                .address(WorkloadApiAddress.unix(socket))
                .rpcTimeout(Duration.ofMillis(500))
                .build()) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> client.fetchJwtSvid(List.of(SERVER)))
                    .isInstanceOfSatisfying(WorkloadApiException.class, ex -> assertThat(ex.status()).isEqualTo(WorkloadApiStatus.DEADLINE_EXCEEDED));
                assertThatThrownBy(client::fetchX509Context)
                    .isInstanceOfSatisfying(WorkloadApiException.class, ex -> assertThat(ex.status()).isEqualTo(WorkloadApiStatus.DEADLINE_EXCEEDED));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void garbageOnTheSocketFailsTheCallWithoutHanging(@TempDir Path directory) throws Exception {
        Path socket = directory.resolve("garbage.sock");
        try (ServerSocketChannel garbage = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            garbage.bind(UnixDomainSocketAddress.of(socket));
            Thread writer = new Thread(() -> {
                try (SocketChannel connection = garbage.accept()) {
                    connection.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\n\r\nthis is not gRPC \u0000\u0001\u0002".getBytes()));
                    Thread.sleep(2000);
                }
                catch (IOException | InterruptedException ex) {
                    // the test ends the exchange
                }
            });
            writer.setDaemon(true);
            writer.start();
            try (WorkloadApiClient client = WorkloadApiClient.builder()
                .address(WorkloadApiAddress.unix(socket))
                .rpcTimeout(Duration.ofSeconds(5))
                .build()) {
                assertThatThrownBy(client::fetchX509Context).isInstanceOfSatisfying(WorkloadApiException.class,
                        ex -> assertThat(ex.status()).isIn(WorkloadApiStatus.UNAVAILABLE, WorkloadApiStatus.INTERNAL, WorkloadApiStatus.UNKNOWN));
            }
        }
    }

    @Test
    void anAbsentAgentIsUnavailable(@TempDir Path directory) {
        try (WorkloadApiClient client = WorkloadApiClient.create(WorkloadApiAddress.unix(directory.resolve("none.sock")))) {
            assertThatThrownBy(client::fetchX509Context)
                .isInstanceOfSatisfying(WorkloadApiException.class, ex -> assertThat(ex.status()).isEqualTo(WorkloadApiStatus.UNAVAILABLE))
                .hasMessageContaining("none.sock");
        }
    }

    @Test
    void callsAfterCloseAreRefused() {
        WorkloadApiClient client = client(SERVER);
        client.close();
        client.close();
        assertThat(client.isClosed()).isTrue();
        assertThatThrownBy(client::fetchX509Context).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }

    static int currentUid() {
        return (int) new UnixSystem().getUid();
    }

    static boolean socketsExist(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.anyMatch(file -> file.toString().endsWith(".sock"));
        }
    }
}
