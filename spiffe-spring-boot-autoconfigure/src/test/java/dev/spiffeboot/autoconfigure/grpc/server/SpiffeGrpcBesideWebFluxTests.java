package dev.spiffeboot.autoconfigure.grpc.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.spiffeboot.autoconfigure.server.netty.ReactivePeerApplication;

import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.mtlsAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gRPC server's security in a WebFlux application, whose reactive annotation advisor would refuse (at start-up)
 * an annotated method that returns no {@code Publisher}, as gRPC service methods do: the services' annotations are
 * decided per call by the gRPC security instead, with the caller Spring gRPC puts in the security context.
 */
@SpringBootTest(classes = SpiffeGrpcBesideWebFluxTests.Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { ReactivePeerApplication.REACTIVE, "spring.grpc.server.port=0" })
class SpiffeGrpcBesideWebFluxTests extends AbstractGrpcServerTests {

    @Autowired
    ApplicationContext context;

    @Test
    void runsBesideWebFlux() {
        assertThat(this.context).isInstanceOf(ReactiveWebApplicationContext.class);
    }

    @Test
    void servesTheCallerTheAnnotationAllows() throws Exception {
        assertThat(GrpcProbe.call(mtlsAs(admin), port(), CallerService.ADMIN))
            .isEqualTo("caller=" + ADMIN + " peer=" + ADMIN + " token=none");
    }

    @Test
    void refusesOtherCallersWithPermissionDenied(CapturedOutput output) {
        assertThatThrownBy(() -> GrpcProbe.call(mtlsAs(client), port(), CallerService.ADMIN))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                    refused -> assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThat(output).contains("Access denied: \"" + CLIENT + "\" may not POST \"/spiffe.test.Caller/Admin\"");
    }

    @Test
    void startsWithoutWarnings(CapturedOutput output) {
        assertStartedWithoutWarnings(output);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
            "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration" })
    static class Application {

        @Bean
        CallerService callerService() {
            return new CallerService();
        }
    }
}
