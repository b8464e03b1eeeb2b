package dev.spiffeboot.autoconfigure.grpc.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the tests of a running gRPC server share: the dev agent with the server's, a client's, an intruder's and an
 * admin's identities, the server's Workload API address, the clients' sources and the server Spring gRPC started. Each
 * subclass declares its {@code @SpringBootTest} (with {@code spring.grpc.server.port=0}).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractGrpcServerTests {

    static final String CLIENT = "spiffe://example.org/client";

    static final String INTRUDER = "spiffe://example.org/intruder";

    static final String ADMIN = CallerService.ADMIN_ID;

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).identity(INTRUDER).identity(ADMIN).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    static X509Source client;

    static X509Source intruder;

    static X509Source admin;

    @Autowired
    GrpcServerLifecycle server;

    @BeforeAll
    static void clientSources() {
        client = X509Source.builder().address(agent.address(CLIENT)).build();
        intruder = X509Source.builder().address(agent.address(INTRUDER)).build();
        admin = X509Source.builder().address(agent.address(ADMIN)).build();
    }

    @AfterAll
    static void closeSources() {
        client.close();
        intruder.close();
        admin.close();
    }

    int port() {
        return this.server.getPort();
    }

    /** A call on a new connection with that TLS fails in the handshake, which gRPC reports as UNAVAILABLE. */
    void assertRefused(SslContext tls) {
        assertThatThrownBy(() -> GrpcProbe.call(port(), tls)).isInstanceOfSatisfying(StatusRuntimeException.class,
                refused -> assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    /** Nothing was logged at WARN, nor a generated password, before the gRPC server started. */
    static void assertStartedWithoutWarnings(CapturedOutput output) {
        String all = output.getAll();
        int started = all.indexOf("gRPC Server started");
        assertThat(started).isPositive();
        assertThat(all.substring(0, started)).doesNotContainPattern("(?m)^\\S+\\s+WARN ").doesNotContain("generated security password");
    }
}
