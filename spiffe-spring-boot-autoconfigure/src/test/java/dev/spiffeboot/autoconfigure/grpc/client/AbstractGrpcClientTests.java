package dev.spiffeboot.autoconfigure.grpc.client;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import dev.spiffeboot.autoconfigure.grpc.server.PeerService;
import dev.spiffeboot.autoconfigure.testing.UntrustedCa;
import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.ClientAuth;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.tls.netty.SpiffeNettySslContexts;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * What the tests of SPIFFE gRPC channels share: the dev agent with the server's and the client's identities, the
 * starter's gRPC server (the {@link GrpcServerApplication}, which allows the client), an impostor server with the
 * server's ID from an untrusted CA, a plaintext server, and the client application, whose channels each subclass
 * configures. The client hides grpc-netty-shaded, as an application with only spring-boot-starter-grpc-client does,
 * unless a test says otherwise.
 */
abstract class AbstractGrpcClientTests {

    static final String SERVER = GrpcServerApplication.AUDIENCE;

    static final String CLIENT = "spiffe://example.org/client";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).build();

    @TempDir
    static Path directory;

    static ConfigurableApplicationContext server;

    static int serverPort;

    private static DevAgent untrustedCa;

    private static X509Source impostorSource;

    static Server impostor;

    static Server plaintext;

    static ConfigurableApplicationContext client;

    @BeforeAll
    static void startServers() throws IOException {
        server = application(GrpcServerApplication.class).run("--spring.grpc.server.port=0",
                "--spring.grpc.server.address=127.0.0.1", "--spiffe.workload-api.address=" + agent.address(SERVER),
                "--spiffe.grpc.server.authorized-ids=" + CLIENT);
        serverPort = server.getBean(GrpcServerLifecycle.class).getPort();
        untrustedCa = UntrustedCa.agent(directory, SERVER);
        impostorSource = X509Source.builder().address(untrustedCa.address(0)).build();
        SpiffeTlsConfig impostorTls = SpiffeTlsConfig.builder(impostorSource).svid(impostorSource).authorizer(Authorizer.any())
            .server(ClientAuth.NONE)
            .build();
        impostor = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .sslContext(SpiffeNettySslContexts.server(impostorTls, SpiffeNettySslContexts.HTTP_2))
            .addService(new PeerService())
            .build()
            .start();
        plaintext = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new PeerService()).build().start();
    }

    /** Starts the client application with the client's Workload API and the arguments. */
    static void startClient(String... arguments) {
        startClient(clientApplication(), arguments);
    }

    /** Starts the application as the client, with the client's Workload API and the arguments. */
    static void startClient(SpringApplication application, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--spring.grpc.server.enabled=false",
                "--spiffe.workload-api.address=" + agent.address(CLIENT)));
        all.addAll(List.of(arguments));
        client = application.run(all.toArray(String[]::new));
    }

    /** The client application, without grpc-netty-shaded. */
    static SpringApplication clientApplication() {
        SpringApplication application = application(GrpcClientApplication.class);
        application.setResourceLoader(new DefaultResourceLoader(new FilteredClassLoader("io.grpc.netty.shaded")));
        return application;
    }

    static SpringApplication application(Class<?> source) {
        SpringApplication application = new SpringApplication(source);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application;
    }

    /** The target property of a channel to a server on 127.0.0.1. */
    static String target(String channel, int port) {
        return "--spring.grpc.client.channel." + channel + ".target=static://127.0.0.1:" + port;
    }

    /** The serial number of the client certificate the server saw on a channel of its own: a new connection. */
    static BigInteger clientSerialOnANewChannel() throws InterruptedException {
        return new BigInteger(onNewChannel("peer", Caller::call).serial(), 16);
    }

    /** Uses a new channel of the client application, made by name, and shuts it down afterwards. */
    static <T> T onNewChannel(String name, Function<ManagedChannel, T> use) throws InterruptedException {
        ManagedChannel channel = channels().createChannel(name);
        try {
            return use.apply(channel);
        }
        finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static GrpcChannelFactory channels() {
        return client.getBean(GrpcChannelFactory.class);
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        server.close();
        impostor.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        plaintext.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        impostorSource.close();
        untrustedCa.close();
    }
}
