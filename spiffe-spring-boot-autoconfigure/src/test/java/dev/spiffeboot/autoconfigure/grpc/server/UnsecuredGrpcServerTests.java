package dev.spiffeboot.autoconfigure.grpc.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.NettyGrpcServerFactory;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.ShadedNettyGrpcServerFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import dev.spiffeboot.autoconfigure.grpc.server.SpiffeGrpcServerException.Reason;
import dev.spiffeboot.autoconfigure.server.LocalPorts;
import dev.spiffeboot.devagent.junit.DevAgentExtension;

import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real start-ups in which a gRPC server would serve without the SPIFFE TLS while it is on, or with the spiffe bundle
 * while it is off: each is refused with a report, and nothing listens. (That the Netty server the starter creates
 * serves SPIFFE TLS is what the other tests of this package show.)
 */
@ExtendWith(OutputCaptureExtension.class)
class UnsecuredGrpcServerTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).build();

    @Test
    void refusesSpringGrpcsOwnTlsSettings(CapturedOutput output) throws IOException {
        assertRefused(GrpcPeerApplication.class, Reason.CONFLICTING_SETTING, output, "--spring.grpc.server.ssl.bundle=mine");
        assertThat(output).contains("remove spring.grpc.server.ssl.bundle (spring.grpc.server.ssl.* would configure it a second time)")
            .contains("Remove the spring.grpc.server.ssl.* properties: spiffe.grpc.server.* configures the gRPC server's TLS");
    }

    @Test
    void refusesTheSpiffeBundleForTheGrpcServerWhenTheSpiffeTlsIsOff(CapturedOutput output) throws IOException {
        assertRefused(GrpcPeerApplication.class, Reason.SPIFFE_BUNDLE, output, "--spiffe.grpc.server.enabled=false",
                "--spring.grpc.server.ssl.bundle=spiffe");
        assertThat(output).contains("spring.grpc.server.ssl.bundle=spiffe: Spring gRPC would build the gRPC server's TLS "
                + "from the spiffe bundle")
            .contains("Remove spring.grpc.server.ssl.bundle=spiffe and leave spiffe.grpc.server.enabled unset");
    }

    @Test
    void refusesTheInProcessServer(CapturedOutput output) throws IOException {
        assertRefused(GrpcPeerApplication.class, Reason.UNSECURED_SERVER, output, "--spring.grpc.server.inprocess.name=peers");
        assertThat(output).contains("but the in-process gRPC server (InProcessGrpcServerFactory, spring.grpc.server.inprocess.name) "
                + "would serve gRPC without it");
    }

    @Test
    void refusesAServerFactoryTheApplicationDeclares(CapturedOutput output) throws IOException {
        assertRefused(OwnFactoryApplication.class, Reason.UNSECURED_SERVER, output);
        assertThat(output).contains("but the gRPC server of the factory bean 'plaintextGrpcServerFactory' (NettyGrpcServerFactory) "
                + "would serve gRPC without it");
    }

    @Test
    void aServerBuilderCustomizerCannotTakeTheTlsAway(CapturedOutput output) throws IOException {
        int port = LocalPorts.free();
        assertThatThrownBy(() -> application(PlaintextCustomizerApplication.class)
            .run("--spring.grpc.server.port=" + port, "--spiffe.workload-api.address=" + agent.address(SERVER))
            .close()).satisfies(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                .hasMessage("Cannot change security when using ServerCredentials"));
        LocalPorts.assertNothingListens(port);
    }

    @Test
    void refusesAUnixDomainSocket(@TempDir Path directory, CapturedOutput output) throws IOException {
        assertRefused(GrpcPeerApplication.class, Reason.UNSECURED_SERVER, output,
                "--spring.grpc.server.netty.domain-socket-path=" + directory.resolve("grpc.sock"));
        assertThat(output).contains("but the Netty gRPC server on the Unix domain socket unix:");
    }

    @Test
    void refusesTheShadedNettyServerWhenGrpcNettyIsMissing(CapturedOutput output) throws IOException {
        SpringApplication application = application(GrpcPeerApplication.class);
        application.setResourceLoader(new DefaultResourceLoader(new FilteredClassLoader(NettyServerBuilder.class)));
        assertRefused(application, Reason.UNSECURED_SERVER, output);
        assertThat(output).contains("but the grpc-netty-shaded gRPC server (ShadedNettyGrpcServerFactory; io.grpc:grpc-netty is "
                + "missing) would serve gRPC without it");
    }

    @Test
    void refusesToStartWithoutAWorkloadApiWhenTheSpiffeTlsIsOn(CapturedOutput output) throws IOException {
        int port = LocalPorts.free();
        assertThatThrownBy(() -> application(GrpcPeerApplication.class)
            .run("--spiffe.grpc.server.enabled=true", "--spring.grpc.server.port=" + port)
            .close()).satisfies(refused -> assertReason(refused, Reason.NO_WORKLOAD_API));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("spiffe.grpc.server.enabled=true, but there is no SPIFFE Workload API to get an X509-SVID from")
            .contains("Or set spiffe.grpc.server.enabled=false and secure the gRPC server otherwise.");
        LocalPorts.assertNothingListens(port);
    }

    @Test
    void leavesTheGrpcServerToSpringGrpcWithoutAWorkloadApi() {
        try (ConfigurableApplicationContext context = application(GrpcPeerApplication.class).run("--spring.grpc.server.port=0")) {
            assertLeftToSpringGrpc(context);
        }
    }

    @Test
    void leavesTheGrpcServerToSpringGrpcWhenTheSpiffeTlsIsOff() {
        try (ConfigurableApplicationContext context = application(GrpcPeerApplication.class).run("--spring.grpc.server.port=0",
                "--spiffe.grpc.server.enabled=false", "--spiffe.workload-api.address=" + agent.address(SERVER))) {
            assertLeftToSpringGrpc(context);
        }
    }

    /** Spring Boot's own server (the grpc-netty-shaded one, which it prefers and the tests have on the classpath). */
    private static void assertLeftToSpringGrpc(ConfigurableApplicationContext context) {
        assertThat(context.getBean(GrpcServerFactory.class)).isExactlyInstanceOf(ShadedNettyGrpcServerFactory.class);
    }

    private static void assertRefused(Class<?> source, Reason reason, CapturedOutput output, String... arguments)
            throws IOException {
        assertRefused(application(source), reason, output, arguments);
    }

    private static void assertRefused(SpringApplication application, Reason reason, CapturedOutput output,
            String... extraArguments) throws IOException {
        int port = LocalPorts.free();
        List<String> arguments = new ArrayList<>(List.of("--spring.grpc.server.port=" + port,
                "--spiffe.workload-api.address=" + agent.address(SERVER)));
        arguments.addAll(List.of(extraArguments));
        assertThatThrownBy(() -> application.run(arguments.toArray(String[]::new)).close())
            .satisfies(refused -> assertReason(refused, reason));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("The application refused to start: ")
            .doesNotContain("gRPC Server started")
            .doesNotContainPattern("(?m)^\\s+at ");
        if (reason == Reason.UNSECURED_SERVER) {
            assertThat(output).contains("Serve gRPC on the Netty server that Spring Boot creates")
                .contains("Or set spiffe.grpc.server.enabled=false and secure the gRPC server otherwise.");
        }
        LocalPorts.assertNothingListens(port);
    }

    /** The refusal is the cause of the start-up failure, or the failure itself (thrown after the singletons). */
    private static void assertReason(Throwable failure, Reason reason) {
        assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOfSatisfying(SpiffeGrpcServerException.class,
                refused -> assertThat(refused.reason()).isEqualTo(reason));
    }

    private static SpringApplication application(Class<?> source) {
        SpringApplication application = new SpringApplication(source);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application;
    }

    /** Tries to make the server plaintext with a server builder customizer. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class PlaintextCustomizerApplication {

        @Bean
        PeerService peerService() {
            return new PeerService();
        }

        @Bean
        ServerBuilderCustomizer<NettyServerBuilder> plaintext() {
            return builder -> builder.sslContext(null);
        }
    }

    /** Serves the peer service on a plaintext Netty server factory of its own, started by a lifecycle of its own. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OwnFactoryApplication {

        @Bean
        PeerService peerService() {
            return new PeerService();
        }

        @Bean
        NettyGrpcServerFactory plaintextGrpcServerFactory(PeerService service, Environment environment) {
            NettyGrpcServerFactory factory = new NettyGrpcServerFactory("*:" + environment.getProperty("spring.grpc.server.port"),
                    List.of(), null, null, null);
            factory.addService(service.bindService());
            return factory;
        }

        @Bean
        GrpcServerLifecycle plaintextGrpcServerLifecycle(NettyGrpcServerFactory plaintextGrpcServerFactory,
                ApplicationEventPublisher publisher) {
            return new GrpcServerLifecycle(plaintextGrpcServerFactory, Duration.ZERO, publisher);
        }
    }
}
