package dev.spiffeboot.autoconfigure.grpc.client;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.client.NettyGrpcChannelFactory;
import org.springframework.grpc.client.ShadedNettyGrpcChannelFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SPIFFE channel made by the grpc-netty-shaded channel factory, which Spring Boot prefers whenever
 * grpc-netty-shaded is on the classpath (here next to grpc-netty): it does the same mTLS, and a server with another
 * ID is refused in the handshake.
 */
class SpiffeGrpcClientShadedNettyTests extends AbstractGrpcClientTests {

    @BeforeAll
    static void startTheClientWithGrpcNettyShaded() {
        startClient(application(GrpcClientApplication.class), "--spiffe.grpc.client.channels.peer.authorized-ids=" + SERVER,
                "--spiffe.grpc.client.channels.peer.jwt-audience=" + SERVER, target("peer", serverPort),
                "--spiffe.grpc.client.channels.wrong-id.authorized-ids=spiffe://example.org/other", target("wrong-id", serverPort));
    }

    @Test
    void springBootUsesTheShadedTransport() {
        assertThat(client.getBeansOfType(GrpcChannelFactory.class).values()).hasAtLeastOneElementOfType(ShadedNettyGrpcChannelFactory.class)
            .doesNotHaveAnyElementsOfTypes(NettyGrpcChannelFactory.class);
    }

    @Test
    void theServerSeesTheClientsSpiffeIdAndItsJwtSvid() throws InterruptedException {
        Caller caller = onNewChannel("peer", Caller::call);
        assertThat(caller.id()).isEqualTo(CLIENT);
        assertThat(caller.token()).startsWith("valid:" + CLIENT + ":" + SERVER + ":");
    }

    @Test
    void refusesAServerWithAnotherIdDuringTheHandshake() {
        SpiffeGrpcClientTests.assertRefusedInTheHandshake("wrong-id", "\"" + SERVER + "\"");
    }
}
