package dev.spiffeboot.autoconfigure.grpc.client;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.grpc.client.ChannelBuilderOptions;

import dev.spiffeboot.autoconfigure.grpc.server.PeerService;
import dev.spiffeboot.security.grpc.client.JwtSvidCallCredentials;
import dev.spiffeboot.security.grpc.client.SpiffeGrpcChannels;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.workloadapi.JwtSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring gRPC channels created by name, secured by {@code spiffe.grpc.client.channels.*}, calling the starter's gRPC
 * server over real mTLS on 127.0.0.1: the server sees the client's SPIFFE ID and a valid JWT-SVID for its audience,
 * the client refuses a server with another ID or from an untrusted CA in the handshake, tokens come from the cache,
 * and channels not named are left alone.
 */
class SpiffeGrpcClientTests extends AbstractGrpcClientTests {

    private static final String ELSEWHERE = "spiffe://example.org/elsewhere";

    @BeforeAll
    static void startTheClient() {
        startClient("--spiffe.grpc.client.channels.peer.authorized-ids=" + SERVER,
                "--spiffe.grpc.client.channels.peer.jwt-audience=" + SERVER, target("peer", serverPort),
                "--spiffe.grpc.client.channels.own-trust-domain.enabled=true", target("own-trust-domain", serverPort),
                "--spiffe.grpc.client.channels.wrong-id.authorized-ids=spiffe://example.org/other", target("wrong-id", serverPort),
                "--spiffe.grpc.client.channels.untrusted.authorized-ids=" + SERVER, target("untrusted", impostor.getPort()),
                "--spiffe.grpc.client.channels.elsewhere.jwt-audience=" + ELSEWHERE, target("elsewhere", serverPort),
                target("plain", plaintext.getPort()));
    }

    @Test
    void theServerSeesTheClientsSpiffeIdAndAValidJwtSvidForItsAudience() throws InterruptedException {
        Caller caller = onNewChannel("peer", Caller::call);
        assertThat(caller.id()).isEqualTo(CLIENT);
        assertThat(new BigInteger(caller.serial(), 16))
            .isEqualTo(agent.agent().currentX509Svid(SpiffeId.parse(CLIENT)).leaf().getSerialNumber());
        assertThat(caller.token()).startsWith("valid:" + CLIENT + ":" + SERVER + ":");
    }

    @Test
    void withoutAuthorizedIdsAChannelAcceptsServersOfTheOwnTrustDomainAndSendsNoToken() throws InterruptedException {
        Caller caller = onNewChannel("own-trust-domain", Caller::call);
        assertThat(caller.id()).isEqualTo(CLIENT);
        assertThat(caller.token()).isEqualTo("none");
    }

    @Test
    void refusesAServerWithAnotherIdDuringTheHandshake() {
        assertRefusedInTheHandshake("wrong-id", "\"" + SERVER + "\"");
    }

    @Test
    void refusesAServerFromAnUntrustedCa() {
        assertRefusedInTheHandshake("untrusted", "does not verify against the X.509 bundle");
    }

    @Test
    void tokensComeFromTheCacheAndCallsCarryOnWhileTheWorkloadApiIsDown() throws InterruptedException {
        ManagedChannel peer = channels().createChannel("peer");
        ManagedChannel elsewhere = channels().createChannel("elsewhere");
        Set<String> tokens = new HashSet<>();
        try {
            for (int i = 0; i < 20; i++) {
                tokens.add(Caller.call(peer).token());
            }
            agent.agent().outage(true);
            for (int i = 0; i < 20; i++) {
                tokens.add(Caller.call(peer).token());
            }
            // a token for an audience not asked for before must be minted, and cannot be
            assertThatThrownBy(() -> Caller.call(elsewhere)).isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(refused.getStatus().getDescription()).startsWith("no JWT-SVID for [" + ELSEWHERE + "] from the Workload API: ")
                    .contains("UNAVAILABLE");
            });
        }
        finally {
            agent.agent().outage(false);
            peer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            elsewhere.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        // ES256 signatures are randomized: two mints of the same claims differ, so one fingerprint is one mint
        assertThat(tokens).hasSize(1).allMatch(token -> token.startsWith("valid:" + CLIENT + ":" + SERVER + ":"));
    }

    @Test
    void leavesChannelsItDoesNotNameToSpringBoot() throws InterruptedException {
        String answer = onNewChannel("plain", channel -> ClientCalls.blockingUnaryCall(channel, PeerService.GET,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), ""));
        assertThat(answer).isEqualTo("plaintext");
    }

    @Test
    void aCustomizerCannotMakeASpiffeChannelPlaintext() {
        assertThatThrownBy(() -> channels().createChannel("peer",
                ChannelBuilderOptions.defaults().withCustomizer((target, builder) -> builder.usePlaintext())))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("Cannot change security when using ChannelCredentials");
    }

    @Test
    void callCredentialsAreNeverSentWithoutTls() throws InterruptedException {
        JwtSvidCallCredentials credentials = client.getBean(SpiffeGrpcChannels.class).jwtSvid(SERVER);
        assertThat(client.getBean(JwtSource.class)).isNotNull();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", plaintext.getPort()).usePlaintext().build();
        try {
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, PeerService.GET,
                    CallOptions.DEFAULT.withCallCredentials(credentials).withDeadlineAfter(10, TimeUnit.SECONDS), ""))
                .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(refused.getStatus().getDescription())
                        .isEqualTo("refused to send a JWT-SVID for [" + SERVER + "] over a connection without TLS (security level NONE)");
                });
        }
        finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A call on a new channel fails in the handshake (UNAVAILABLE), and the cause says why. */
    static void assertRefusedInTheHandshake(String channelName, String why) {
        ManagedChannel channel = channels().createChannel(channelName);
        try {
            assertThatThrownBy(() -> Caller.call(channel)).isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(causes(refused)).contains(why);
            });
        }
        finally {
            channel.shutdownNow();
        }
    }

    private static String causes(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause).append('\n');
        }
        return messages.toString();
    }
}
