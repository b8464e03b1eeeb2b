package dev.spiffeboot.autoconfigure.grpc.client;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.grpc.client.ClientInterceptorsConfigurer;
import org.springframework.grpc.client.NettyGrpcChannelFactory;

import dev.spiffeboot.autoconfigure.grpc.client.SpiffeGrpcClientException.Reason;
import dev.spiffeboot.devagent.junit.DevAgentExtension;

import static dev.spiffeboot.autoconfigure.grpc.client.AbstractGrpcClientTests.CLIENT;
import static dev.spiffeboot.autoconfigure.grpc.client.AbstractGrpcClientTests.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real start-ups of a client application with a SPIFFE channel that could not get the SPIFFE TLS: each is refused
 * with a report naming the channel and the setting or component in the way.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpiffeGrpcClientFailClosedTests {

    private static final String TARGET = "--spring.grpc.client.channel.peer.target=";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(CLIENT).build();

    @Test
    void refusesASpiffeChannelWithoutAWorkloadApi(CapturedOutput output) {
        assertRefused(AbstractGrpcClientTests.clientApplication(), Reason.NO_WORKLOAD_API, output, false);
        assertThat(output).contains("the gRPC channel 'peer' is a SPIFFE channel (spiffe.grpc.client.channels.peer), but there "
                + "is no SPIFFE Workload API to get an SVID from")
            .contains("Set spiffe.workload-api.address")
            .contains("Or remove spiffe.grpc.client.channels.peer (or set its enabled=false) and secure the channel otherwise.");
    }

    @Test
    void refusesAPlaintextSpiffeChannel(CapturedOutput output) {
        assertRefused(Reason.PLAINTEXT, output, "--spring.grpc.client.channel.peer.ssl.enabled=false");
        assertThat(output).contains("but spring.grpc.client.channel.peer.ssl.enabled=false asks for plaintext")
            .contains("Remove spring.grpc.client.channel.peer.ssl.* and spring.grpc.client.channel.peer.bypass-certificate-validation");
    }

    @Test
    void refusesAnSslBundleOnASpiffeChannel(CapturedOutput output) {
        assertRefused(Reason.CONFLICTING_SETTING, output, "--spring.grpc.client.channel.peer.ssl.bundle=mine");
        assertThat(output).contains("but spring.grpc.client.channel.peer.ssl.bundle would configure its TLS a second time");
    }

    @Test
    void refusesBypassingCertificateValidationOnASpiffeChannel(CapturedOutput output) {
        assertRefused(Reason.CONFLICTING_SETTING, output, "--spring.grpc.client.channel.peer.bypass-certificate-validation=true");
        assertThat(output).contains("but spring.grpc.client.channel.peer.bypass-certificate-validation would configure its TLS");
    }

    @Test
    void refusesAnInProcessSpiffeChannel(CapturedOutput output) {
        assertRefused(Reason.UNSECURED_CHANNEL, output, "--spring.grpc.client.channel.peer.target=in-process:peers");
        assertThat(output).contains("but the in-process transport (target in-process:peers) would create it without the SPIFFE TLS");
    }

    @Test
    void refusesAChannelFactoryTheApplicationDeclares(CapturedOutput output) {
        SpringApplication application = AbstractGrpcClientTests.clientApplication();
        application.addPrimarySources(List.of(OwnFactory.class));
        assertRefused(application, Reason.UNSECURED_CHANNEL, output, true);
        assertThat(output).contains("but the channel factory bean 'plaintextChannelFactory' (NettyGrpcChannelFactory) would create "
                + "it without the SPIFFE TLS");
    }

    private static void assertRefused(Reason reason, CapturedOutput output, String... arguments) {
        assertRefused(AbstractGrpcClientTests.clientApplication(), reason, output, true, arguments);
    }

    private static void assertRefused(SpringApplication application, Reason reason, CapturedOutput output,
            boolean withWorkloadApi, String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of("--spring.grpc.server.enabled=false",
                "--spiffe.grpc.client.channels.peer.authorized-ids=" + SERVER));
        if (List.of(extraArguments).stream().noneMatch(argument -> argument.startsWith(TARGET))) {
            arguments.add(TARGET + "static://127.0.0.1:9");
        }
        if (withWorkloadApi) {
            arguments.add("--spiffe.workload-api.address=" + agent.address(CLIENT));
        }
        arguments.addAll(List.of(extraArguments));
        assertThatThrownBy(() -> application.run(arguments.toArray(String[]::new)).close())
            .satisfies(refused -> assertThat(NestedExceptionUtils.getMostSpecificCause(refused))
                .isInstanceOfSatisfying(SpiffeGrpcClientException.class, exception -> assertThat(exception.reason()).isEqualTo(reason)));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("The application refused to start: the gRPC channel 'peer' is a SPIFFE channel")
            .doesNotContainPattern("(?m)^\\s+at ");
    }

    /** A plaintext channel factory of the application's own. */
    @SpringBootConfiguration
    static class OwnFactory {

        @Bean
        NettyGrpcChannelFactory plaintextChannelFactory(ApplicationContext context) {
            return new NettyGrpcChannelFactory(List.of(), new ClientInterceptorsConfigurer(context));
        }
    }
}
