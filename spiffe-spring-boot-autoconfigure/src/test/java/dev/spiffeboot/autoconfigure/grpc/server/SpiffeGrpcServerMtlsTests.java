package dev.spiffeboot.autoconfigure.grpc.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.grpc.server.GrpcServerFactory;

import dev.spiffeboot.autoconfigure.testing.UntrustedCa;
import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeTlsConfig;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.SERVER;
import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.mtlsAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring gRPC's Netty server on a random port serving mTLS with the X509-SVID from the dev agent, by default (only a
 * Workload API is set), with the clients the HTTP server's {@code spiffe.server.authorized-ids} allows.
 */
@SpringBootTest(classes = GrpcPeerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "spring.grpc.server.port=0", "spiffe.server.authorized-ids=spiffe://example.org/client" })
class SpiffeGrpcServerMtlsTests extends AbstractGrpcServerTests {

    @Autowired
    GrpcServerFactory factory;

    @Test
    void runsTheStartersNettyServer() {
        assertThat(this.factory).isInstanceOf(SpiffeNettyGrpcServerFactory.class);
    }

    @Test
    void acceptsTheAuthorizedClientAndPresentsTheServerSvid() throws Exception {
        GrpcProbe.Response response = GrpcProbe.call(port(), mtlsAs(client));
        assertThat(response.body()).isEqualTo(CLIENT);
        assertThat(response.session().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(response.serverSerial()).isEqualTo(agent.agent().currentX509Svid(SpiffeId.parse(SERVER)).leaf().getSerialNumber());
    }

    @Test
    void rejectsAClientWithAnotherIdDuringTheHandshake(CapturedOutput output) {
        assertRefused(mtlsAs(intruder));
        assertThat(output).contains("Rejected TLS client: unexpected ID \"" + INTRUDER + "\"");
    }

    @Test
    void rejectsAClientWithoutCertificate() {
        assertRefused(GrpcProbe.tlsWithoutCertificate(client));
    }

    @Test
    void rejectsAClientFromAnUntrustedCa(@TempDir Path directory, CapturedOutput output) throws Exception {
        try (DevAgent other = UntrustedCa.agent(directory, CLIENT);
                X509Source impostor = X509Source.builder().address(other.address(0)).build()) {
            assertRefused(mtlsAs(impostor, client, SERVER));
        }
        assertThat(output).contains("Rejected TLS client: certificate of \"" + CLIENT + "\" does not verify against the X.509 bundle");
    }

    @Test
    void aClientRefusesTheServerWhenItExpectsAnotherId() {
        assertRefused(mtlsAs(client, client, "spiffe://example.org/other"));
    }

    @Test
    void refusesPlaintextCalls() throws InterruptedException {
        ManagedChannel plaintext = GrpcProbe.plaintextChannel(port());
        try {
            assertThatThrownBy(() -> GrpcProbe.call(plaintext)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    refused -> assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
        finally {
            plaintext.shutdownNow();
        }
    }

    @Test
    void resumesNoSessionOfAClientThatOffersOne() throws Exception {
        SslContext resuming = resumingTls12Client();
        SSLSession first = GrpcProbe.call(port(), resuming).session();
        SSLSession second = GrpcProbe.call(port(), resuming).session();
        assertThat(first.getProtocol()).isEqualTo("TLSv1.2");
        assertThat(second.getId()).isNotEqualTo(first.getId());
    }

    @Test
    void theClientDoesOfferItsSessionsAServerOfTheSameManagersInOneJdkContextResumesThem() throws Exception {
        // the control of the test above, and why spring.grpc.server.ssl.bundle is refused: Spring gRPC would build
        // such a context from a bundle's managers, and a resumed session is never checked again
        try (X509Source serverSource = X509Source.builder().address(agent.address(SERVER)).build()) {
            SpiffeTlsConfig tls = SpiffeTlsConfig.builder(serverSource).svid(serverSource).authorizer(Authorizer.any())
                .server(dev.spiffeboot.tls.ClientAuth.NEED)
                .build();
            SslContext oneContext = GrpcSslContexts.configure(SslContextBuilder.forServer(tls.keyManagerFactory()), SslProvider.JDK)
                .trustManager(tls.trustManagerFactory())
                .clientAuth(io.netty.handler.ssl.ClientAuth.REQUIRE)
                .build();
            Server plain = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(oneContext)
                .addService(new PeerService())
                .build()
                .start();
            try {
                SslContext resuming = resumingTls12Client();
                SSLSession first = GrpcProbe.call(plain.getPort(), resuming).session();
                SSLSession second = GrpcProbe.call(plain.getPort(), resuming).session();
                assertThat(second.getId()).isEqualTo(first.getId());
            }
            finally {
                plain.shutdownNow();
            }
        }
    }

    /** A plain JDK client context, which keeps its TLS 1.2 sessions and offers them on the next connection. */
    private static SslContext resumingTls12Client() throws SSLException {
        SpiffeTlsConfig tls = SpiffeTlsConfig.builder(client).svid(client).authorizer(Authorizer.id(SpiffeId.parse(SERVER))).build();
        return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
            .keyManager(tls.keyManager())
            .trustManager(tls.trustManager())
            .protocols("TLSv1.2")
            .build();
    }
}
