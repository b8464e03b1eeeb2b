package dev.spiffeboot.autoconfigure.grpc.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.testing.SpiffeServedDocuments;
import dev.spiffeboot.testing.TestClientMetadataServer;
import dev.spiffeboot.testing.TestClientMetadataServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client ID metadata issuer's JWT in a gRPC call's {@code authorization} metadata: the client ID is the call's
 * request principal, and a refused token is {@code UNAUTHENTICATED} (or {@code UNAVAILABLE} when the issuer cannot be
 * reached) naming the reason, never {@code INTERNAL} or {@code UNKNOWN}.
 */
@SpringBootTest(classes = GrpcSecurityApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "spring.grpc.server.port=0", "spiffe.grpc.server.client-auth=want",
                "spiffe.jwt.client-metadata.audiences=" + SpiffeGrpcClientMetadataTests.AUDIENCE,
                "spiffe.jwt.client-metadata.trust=spiffe", "spiffe.jwt.client-metadata.allow-loopback=true" })
class SpiffeGrpcClientMetadataTests extends AbstractGrpcServerTests {

    static final String AUDIENCE = "https://service-b.example.com/api";

    static final String SERVICE_A = "/clients/service-a.json";

    private static final SpiffeServedDocuments documents = SpiffeServedDocuments.as(() -> agent.address(CLIENT), SERVICE_A);

    static TestClientMetadataServer documents() {
        return documents.server();
    }

    @DynamicPropertySource
    static void clientMetadata(DynamicPropertyRegistry registry) {
        registry.add("spiffe.jwt.client-metadata.allowed-issuers", () -> documents().url("/clients/*"));
    }

    @AfterAll
    static void closeDocuments() {
        documents.close();
    }

    private String who(String token) throws InterruptedException {
        return GrpcProbe.call(GrpcProbe.tlsWithoutCertificate(client), port(), CallerService.WHO, token);
    }

    @Test
    void theClientIdIsTheCallsRequestPrincipal() throws Exception {
        assertThat(who(documents().token(SERVICE_A, AUDIENCE))).isEqualTo("caller=none peer=none token=CLIENT_ID");
    }

    @Test
    void aRefusedTokenIsUnauthenticatedNamingTheReason() {
        documents().answer("/clients/impostor.json", Answer.json(documents().document("/clients/impostor.json",
                members -> members.put("client_id", documents().url(SERVICE_A)))));
        assertThatThrownBy(() -> who(documents().token("/clients/impostor.json", AUDIENCE)))
            .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(refused.getStatus().getDescription()).contains("not its own URL");
            });
    }

    @Test
    void anUnreachableIssuerIsUnavailable() {
        documents().answer("/clients/down.json", Answer.json("{}").status(503));
        assertThatThrownBy(() -> who(documents().token("/clients/down.json", AUDIENCE)))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                    refused -> assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
}
