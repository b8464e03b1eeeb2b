package dev.spiffeboot.autoconfigure.grpc.server;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;

import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.mtlsAs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spiffe.grpc.server.client-auth=want}: a client without a certificate is served, one with an SVID is
 * verified and authorized, by the gRPC server's own {@code authorized-ids}, which replace the HTTP server's.
 * A policy rule allows callers without identity, which the SPIFFE security refuses by default.
 */
@SpringBootTest(classes = GrpcPeerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "spring.grpc.server.port=0", "spiffe.security.policy.rules[0].name=anyone", "spiffe.grpc.server.client-auth=want",
                "spiffe.grpc.server.authorized-ids=spiffe://example.org/client",
                "spiffe.server.authorized-ids=spiffe://example.org/intruder" })
class SpiffeGrpcServerClientAuthWantTests extends AbstractGrpcServerTests {

    @Test
    void servesAClientWithoutCertificate() throws Exception {
        assertThat(GrpcProbe.call(port(), GrpcProbe.tlsWithoutCertificate(client)).body()).isEqualTo("none");
    }

    @Test
    void servesTheAuthorizedClientWithItsId() throws Exception {
        assertThat(GrpcProbe.call(port(), mtlsAs(client)).body()).isEqualTo(CLIENT);
    }

    @Test
    void rejectsAPresentedSvidWithAnotherId(CapturedOutput output) {
        // allowed by spiffe.server.authorized-ids, which the gRPC server's own setting replaces
        assertRefused(mtlsAs(intruder));
        assertThat(output).contains("Rejected TLS client: unexpected ID \"" + INTRUDER + "\"");
    }
}
