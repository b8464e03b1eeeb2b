package dev.spiffeboot.autoconfigure.grpc.server;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.annotation.AllowSpiffeIds;

import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.SERVER;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real start-up with an annotated method of a gRPC service that serves none of its RPCs (its name is not the one
 * protoc gives the RPC's method), whose annotations would have no effect: the start-up stops, naming the method.
 */
class UnmatchedServiceAnnotationTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).build();

    @Test
    void refusesAnAnnotatedMethodThatServesNoRpc() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
            .run("--spiffe.workload-api.address=" + agent.address(SERVER), "--spring.grpc.server.port=0")
            .close()).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("SPIFFE authorization annotations on " + MisnamedService.class.getName() + ".greet")
            .hasMessageContaining("apply to no gRPC method of the service");
    }

    /** RPC {@code Admin}, served by a method named {@code greet}. */
    public static class MisnamedService implements BindableService {

        @Override
        public ServerServiceDefinition bindService() {
            return ServerServiceDefinition.builder("spiffe.test.Caller")
                .addMethod(CallerService.ADMIN, ServerCalls.asyncUnaryCall(this::greet))
                .build();
        }

        @AllowSpiffeIds(CallerService.ADMIN_ID)
        public void greet(String request, StreamObserver<String> replies) {
            replies.onNext("admin");
            replies.onCompleted();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        MisnamedService misnamedService() {
            return new MisnamedService();
        }
    }
}
