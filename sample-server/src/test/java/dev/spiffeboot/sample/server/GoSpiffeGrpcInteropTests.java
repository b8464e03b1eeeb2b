package dev.spiffeboot.sample.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.sample.server.GoSpiffeGrpcExample.Finished;
import dev.spiffeboot.sample.server.GoSpiffeGrpcExample.Running;
import dev.spiffeboot.sample.common.greeter.GreeterGrpc;
import dev.spiffeboot.sample.common.greeter.HelloRequest;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.tls.netty.SpiffeNettySslContexts;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * go-spiffe's {@code examples/spiffe-grpc} against the sample's gRPC greeter, in both directions, as real processes
 * on 127.0.0.1: the Go example client calls {@link SampleServerApplication} (started here with the dev agent's
 * {@code spiffe://example.org/server} and its {@code application.yml}), and a grpc-java client with the SPIFFE
 * {@code SslContext} calls the Go example server. The examples expect the IDs of the sample
 * ({@code spiffe://example.org/server} and {@code .../client}), which the dev agent hands out; a wrong ID fails the
 * handshake on whichever side checks it.
 */
@ExtendWith(OutputCaptureExtension.class)
class GoSpiffeGrpcInteropTests {

    private static final String SERVER = "spiffe://example.org/server";

    private static final String CLIENT = "spiffe://example.org/client";

    /** A workload of the trust domain that neither example accepts. */
    private static final String OTHER = "spiffe://example.org/other";

    private static final Duration PROGRAM_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).identity(OTHER).build();

    @Test
    void theGoExampleClientGetsTheGreetingOfTheJavaServer() throws Exception {
        int port = freePort();
        try (ConfigurableApplicationContext server = startSampleServer(SERVER, port)) {
            Finished client = GoSpiffeGrpcExample.run(GoSpiffeGrpcExample.client(agent.address(CLIENT), port), PROGRAM_TIMEOUT);
            assertThat(client.exitCode()).as("the Go client's exit code; its output:%n%s", client.output()).isZero();
            // the example logs the reply's message
            assertThat(client.stderr()).contains("Hello world");
        }
    }

    @Test
    void theGoExampleClientRefusesAJavaServerOfAnotherId() throws Exception {
        int port = freePort();
        try (ConfigurableApplicationContext server = startSampleServer(OTHER, port)) {
            Finished client = GoSpiffeGrpcExample.run(GoSpiffeGrpcExample.client(agent.address(CLIENT), port), PROGRAM_TIMEOUT);
            assertThat(client.exitCode()).as("the Go client's exit code; its output:%n%s", client.output()).isNotZero();
            assertThat(client.stderr()).contains("failed issuing RPC to server")
                .contains("unexpected ID")
                .contains(OTHER)
                .doesNotContain("Hello world");
        }
    }

    @Test
    void theJavaServerRefusesTheGoExampleClientWhenItAuthorizesAnotherId(CapturedOutput output) throws Exception {
        int port = freePort();
        try (ConfigurableApplicationContext server = startSampleServer(SERVER, port,
                "--spiffe.grpc.server.authorized-ids=" + OTHER)) {
            Finished client = GoSpiffeGrpcExample.run(GoSpiffeGrpcExample.client(agent.address(CLIENT), port), PROGRAM_TIMEOUT);
            assertThat(client.exitCode()).as("the Go client's exit code; its output:%n%s", client.output()).isNotZero();
            assertThat(client.stderr()).contains("failed issuing RPC to server").doesNotContain("Hello world");
            assertThat(output.getOut()).contains("Rejected TLS client: unexpected ID \"" + CLIENT + "\"");
        }
    }

    @Test
    void aJavaClientGetsTheGreetingOfTheGoExampleServer() throws Exception {
        int port = freePort();
        try (Running server = GoSpiffeGrpcExample.start(GoSpiffeGrpcExample.server(agent.address(SERVER), port), port,
                PROGRAM_TIMEOUT)) {
            assertThat(sayHello(CLIENT, SERVER, port)).isEqualTo("Hello Java");
        }
    }

    @Test
    void aJavaClientRefusesTheGoExampleServerWhenItExpectsAnotherId(CapturedOutput output) throws Exception {
        int port = freePort();
        try (Running server = GoSpiffeGrpcExample.start(GoSpiffeGrpcExample.server(agent.address(SERVER), port), port,
                PROGRAM_TIMEOUT)) {
            assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> sayHello(CLIENT, OTHER, port))
                .satisfies(refused -> assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            assertThat(output.getOut()).contains("Rejected TLS server: unexpected ID \"" + SERVER + "\"");
        }
    }

    @Test
    void theGoExampleServerRefusesAJavaClientOfAnotherId() throws Exception {
        int port = freePort();
        try (Running server = GoSpiffeGrpcExample.start(GoSpiffeGrpcExample.server(agent.address(SERVER), port), port,
                PROGRAM_TIMEOUT)) {
            assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> sayHello(OTHER, SERVER, port))
                .satisfies(refused -> assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            // the same server still greets the client it authorizes
            assertThat(sayHello(CLIENT, SERVER, port)).isEqualTo("Hello Java");
        }
    }

    /** The sample application with the identity's SVID, its gRPC server on 127.0.0.1 and the port, HTTP on free ports. */
    private static ConfigurableApplicationContext startSampleServer(String identity, int grpcPort, String... extraArguments) {
        String[] arguments = { "--spiffe.workload-api.address=" + agent.address(identity), "--server.port=0",
                "--server.address=127.0.0.1", "--sample.socket.port=0", "--spring.grpc.server.address=127.0.0.1",
                "--spring.grpc.server.port=" + grpcPort, "--spring.main.banner-mode=off" };
        String[] all = new String[arguments.length + extraArguments.length];
        System.arraycopy(arguments, 0, all, 0, arguments.length);
        System.arraycopy(extraArguments, 0, all, arguments.length, extraArguments.length);
        return new SpringApplicationBuilder(SampleServerApplication.class).run(all);
    }

    /** One SayHello("Java") from grpc-java as the client identity, expecting the server ID, on a channel of its own. */
    private static String sayHello(String clientId, String expectedServerId, int port) throws InterruptedException {
        try (X509Source source = X509Source.builder().address(agent.address(clientId)).build()) {
            SpiffeTlsConfig tls = SpiffeTlsConfig.builder(source)
                .svid(source)
                .authorizer(Authorizer.id(SpiffeId.parse(expectedServerId)))
                .build();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(SpiffeNettySslContexts.client(tls, SpiffeNettySslContexts.HTTP_2))
                .build();
            try {
                return GreeterGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .sayHello(HelloRequest.newBuilder().setName("Java").build())
                    .getMessage();
            }
            finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
