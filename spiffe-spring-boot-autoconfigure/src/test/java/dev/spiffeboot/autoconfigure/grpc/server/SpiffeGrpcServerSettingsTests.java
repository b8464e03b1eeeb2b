package dev.spiffeboot.autoconfigure.grpc.server;

import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.ServerBuilderCustomizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SPIFFE gRPC server keeps what Spring Boot's would have: its {@code spring.grpc.server.*} settings and the
 * application's {@link ServerBuilderCustomizer} beans.
 */
@SpringBootTest(classes = SpiffeGrpcServerSettingsTests.CustomizedApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "spring.grpc.server.port=0", "spring.grpc.server.inbound.message.max-size=64B" })
class SpiffeGrpcServerSettingsTests extends AbstractGrpcServerTests {

    @Autowired
    AtomicInteger customized;

    @Test
    void appliesTheApplicationsServerBuilderCustomizers() {
        assertThat(this.customized).hasValue(1);
    }

    @Test
    void appliesSpringBootsServerSettings() throws Exception {
        ManagedChannel channel = GrpcProbe.channel(port(), GrpcProbe.mtlsAs(client));
        try {
            assertThat(GrpcProbe.call(channel).body()).isEqualTo(CLIENT);
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, PeerService.GET, CallOptions.DEFAULT, "x".repeat(100)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        refused -> assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        }
        finally {
            channel.shutdownNow();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class CustomizedApplication {

        @Bean
        PeerService peerService() {
            return new PeerService();
        }

        @Bean
        AtomicInteger customized() {
            return new AtomicInteger();
        }

        @Bean
        ServerBuilderCustomizer<NettyServerBuilder> countingCustomizer(AtomicInteger customized) {
            return builder -> customized.incrementAndGet();
        }
    }
}
