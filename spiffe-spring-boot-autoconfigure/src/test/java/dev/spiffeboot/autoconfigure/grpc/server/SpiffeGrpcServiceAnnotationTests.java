package dev.spiffeboot.autoconfigure.grpc.server;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.security.annotation.AllowSpiffeIds;

import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.mtlsAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SPIFFE annotations of a gRPC service are enforced per call whatever the service's shape: here a class-level
 * annotation on a hand-written service whose {@code bindService()} can be overridden, in an application that asks
 * for JDK dynamic proxies, neither of which a proxy-based check would survive (the definition would bind the bare
 * service). No proxy is made for them, so the start-up has no warning about final methods either.
 */
@SpringBootTest(classes = SpiffeGrpcServiceAnnotationTests.Application.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "spring.grpc.server.port=0", "spring.aop.proxy-target-class=false" })
class SpiffeGrpcServiceAnnotationTests extends AbstractGrpcServerTests {

    @Test
    void servesTheCallerTheClassAnnotationAllows() throws Exception {
        assertThat(GrpcProbe.call(mtlsAs(admin), port(), CallerService.ADMIN)).isEqualTo("admin");
    }

    @Test
    void refusesOtherCallersWithPermissionDenied() {
        assertThatThrownBy(() -> GrpcProbe.call(mtlsAs(client), port(), CallerService.ADMIN))
            .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(refused.getStatus().getDescription()).isEqualTo(CLIENT + " may not call /spiffe.test.Caller/Admin");
            });
    }

    @Test
    void startsWithoutWarnings(CapturedOutput output) {
        assertStartedWithoutWarnings(output);
    }

    /** A hand-written service: {@code bindService()} is not final, the annotation is on the class. */
    @AllowSpiffeIds(CallerService.ADMIN_ID)
    public static class HandWrittenService implements BindableService {

        @Override
        public ServerServiceDefinition bindService() {
            return ServerServiceDefinition.builder("spiffe.test.Caller")
                .addMethod(CallerService.ADMIN, ServerCalls.asyncUnaryCall(this::admin))
                .build();
        }

        public void admin(String request, StreamObserver<String> replies) {
            replies.onNext("admin");
            replies.onCompleted();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        HandWrittenService handWrittenService() {
            return new HandWrittenService();
        }
    }
}
