package dev.spiffeboot.autoconfigure.grpc.server;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import dev.spiffeboot.spiffeid.SpiffeId;

import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.SERVER;
import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.mtlsAs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spiffe.grpc.server.client-auth=none}: TLS with the server's SVID, and no client certificate asked for, so
 * none is sent even by a client that has one. A policy rule allows callers without identity, which the SPIFFE
 * security refuses by default.
 */
@SpringBootTest(classes = GrpcPeerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "spring.grpc.server.port=0", "spiffe.security.policy.rules[0].name=anyone", "spiffe.grpc.server.client-auth=none" })
class SpiffeGrpcServerClientAuthNoneTests extends AbstractGrpcServerTests {

    @Test
    void servesAClientWithoutCertificateOverTlsWithTheServerSvid() throws Exception {
        GrpcProbe.Response response = GrpcProbe.call(port(), GrpcProbe.tlsWithoutCertificate(client));
        assertThat(response.body()).isEqualTo("none");
        assertThat(response.serverSerial()).isEqualTo(agent.agent().currentX509Svid(SpiffeId.parse(SERVER)).leaf().getSerialNumber());
    }

    @Test
    void asksAClientWithAnSvidForNoCertificate() throws Exception {
        assertThat(GrpcProbe.call(port(), mtlsAs(client)).body()).isEqualTo("none");
    }
}
