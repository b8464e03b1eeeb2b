package dev.spiffeboot.workloadapi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.spiffeboot.devagent.junit.Eventually;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.testing.TestCa;
import dev.spiffeboot.devagent.grpc.SpiffeWorkloadAPIGrpc;
import dev.spiffeboot.devagent.grpc.X509SVID;
import dev.spiffeboot.devagent.grpc.X509SVIDRequest;
import dev.spiffeboot.devagent.grpc.X509SVIDResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Workload API server that misbehaves in ways the dev agent never does: well-framed messages with broken content
 * (refused with a clear error, the last good material kept) and {@code INVALID_ARGUMENT} (not retried).
 */
class MisbehavingServerTests {

    private static final TestCa CA = TestCa.root("example.org");

    @TempDir
    Path directory;

    private final AtomicReference<X509SVIDResponse> next = new AtomicReference<>();

    private final AtomicReference<StreamObserver<X509SVIDResponse>> stream = new AtomicReference<>();

    private final AtomicInteger attempts = new AtomicInteger();

    private EventLoopGroup eventLoops;

    private Server server;

    private WorkloadApiAddress start() throws Exception {
        Path socket = this.directory.resolve("broken.sock");
        this.eventLoops = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        this.server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(this.eventLoops)
            .workerEventLoopGroup(this.eventLoops)
            .withChildOption(ChannelOption.SO_KEEPALIVE, null)
            .addService(new SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIImplBase() {
                @Override
                public void fetchX509SVID(X509SVIDRequest request, StreamObserver<X509SVIDResponse> observer) {
                    MisbehavingServerTests.this.attempts.incrementAndGet();
                    if (MisbehavingServerTests.this.next.get() == null) {
                        observer.onError(Status.INVALID_ARGUMENT.withDescription("this server dislikes the request").asRuntimeException());
                        return;
                    }
                    MisbehavingServerTests.this.stream.set(observer);
                    observer.onNext(MisbehavingServerTests.this.next.get());
                }
            })
            .build()
            .start();
        return WorkloadApiAddress.unix(socket);
    }

    @AfterEach
    void stop() throws Exception {
        if (this.server != null) {
            this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            this.eventLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static X509SVIDResponse response(X509Svid svid, byte[] certificates) {
        return X509SVIDResponse.newBuilder()
            .addSvids(X509SVID.newBuilder()
                .setSpiffeId(svid.id().toString())
                .setX509Svid(ByteString.copyFrom(certificates))
                .setX509SvidKey(ByteString.copyFrom(svid.privateKey().getEncoded()))
                .setBundle(ByteString.copyFrom(CA.bundle().toDer())))
            .build();
    }

    private static X509Svid svid(String id) {
        return CA.leaf(id).svid();
    }

    @Test
    void refusesGarbageCertificatesNamingTheField() throws Exception {
        X509Svid svid = svid("spiffe://example.org/server");
        this.next.set(response(svid, new byte[] { 0x30, 0x03, 0x01, 0x02, 0x03 }));
        try (WorkloadApiClient client = WorkloadApiClient.create(start())) {
            assertThatThrownBy(client::fetchX509Context).isInstanceOfSatisfying(WorkloadApiException.class,
                    ex -> assertThat(ex.status()).isEqualTo(WorkloadApiStatus.INVALID_RESPONSE))
                .hasMessageContaining("X509-SVID \"spiffe://example.org/server\" is invalid");
        }
    }

    @Test
    void refusesMessagesWithEmptyMandatoryFields() throws Exception {
        this.next.set(X509SVIDResponse.newBuilder().addSvids(X509SVID.newBuilder().setSpiffeId("spiffe://example.org/x")).build());
        try (WorkloadApiClient client = WorkloadApiClient.create(start())) {
            assertThatThrownBy(client::fetchX509Context).hasMessageContaining("mandatory field X509SVID.x509_svid is empty");
        }
        this.stop();
        this.next.set(X509SVIDResponse.getDefaultInstance());
        try (WorkloadApiClient client = WorkloadApiClient.create(start())) {
            assertThatThrownBy(client::fetchX509Context).hasMessageContaining("X509SVIDResponse has no SVIDs");
        }
    }

    @Test
    void refusesAnSvidWhoseIdDiffersFromTheCertificate() throws Exception {
        X509Svid svid = svid("spiffe://example.org/server");
        X509SVIDResponse lying = response(svid, svid.chainDer()).toBuilder()
            .setSvids(0, response(svid, svid.chainDer()).getSvids(0).toBuilder().setSpiffeId("spiffe://example.org/admin"))
            .build();
        this.next.set(lying);
        try (WorkloadApiClient client = WorkloadApiClient.create(start())) {
            assertThatThrownBy(client::fetchX509Context)
                .hasMessageContaining("X509SVID.spiffe_id \"spiffe://example.org/admin\" does not match the certificate's ID");
        }
    }

    @Test
    void invalidArgumentEndsTheWatchWithoutRetrying() throws Exception {
        this.next.set(null);
        long start = System.nanoTime();
        assertThatThrownBy(() -> X509Source.builder()
            .address(start())
            .backoff(Backoff.of(Duration.ofMillis(50), 2, Duration.ofMillis(200), 0))
            .startupTimeout(Duration.ofSeconds(20))
            .build())
            .isInstanceOfSatisfying(WorkloadApiException.class, ex -> {
                assertThat(ex.status()).isEqualTo(WorkloadApiStatus.INVALID_ARGUMENT);
                assertThat(ex.isRetrying()).isFalse();
            })
            .hasMessageContaining("INVALID_ARGUMENT: this server dislikes the request (not retrying)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(this.attempts.get()).isEqualTo(1);
    }

    @Test
    void aSourceKeepsItsLastGoodSvidWhenABrokenUpdateArrives() throws Exception {
        X509Svid good = svid("spiffe://example.org/server");
        this.next.set(response(good, good.chainDer()));
        try (X509Source source = X509Source.builder()
            .address(start())
            .backoff(Backoff.of(Duration.ofMillis(50), 2, Duration.ofMillis(200), 0))
            .build()) {
            assertThat(source.x509Svid()).isEqualTo(good);
            this.stream.get().onNext(response(good, new byte[] { 1, 2, 3 }));
            Eventually.within(Duration.ofSeconds(5), "the refused update", () -> source.state().errors() == 1);
            assertThat(source.x509Svid()).isEqualTo(good);
            assertThat(source.state().connected()).isTrue();
            assertThat(source.state().lastError()).get().asString().contains("invalid Workload API response");
        }
    }
}
