package dev.spiffeboot.autoconfigure.security;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.autoconfigure.testing.SpiffeServedDocuments;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.testing.TestClientMetadataServer;
import dev.spiffeboot.testing.TestClientMetadataServer.Answer;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.CLIENT;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.SERVER;
import static dev.spiffeboot.autoconfigure.security.ServerCalls.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux twin of {@link ClientMetadataIssuerTests} on Reactor Netty: a client ID metadata issuer's JWT over
 * plain TLS (no client certificate) authenticates its client ID, and its refusals are the servlet stack's.
 */
@SpringBootTest(classes = ReactiveSecurityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { ReactiveSecurityTestApplication.REACTIVE, "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
                "spiffe.jwt.client-metadata.audiences=" + ClientMetadataIssuerTests.AUDIENCE,
                "spiffe.jwt.client-metadata.trust=spiffe", "spiffe.jwt.client-metadata.allow-loopback=true" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReactiveClientMetadataIssuerTests {

    static final String AUDIENCE = ClientMetadataIssuerTests.AUDIENCE;

    static final String SERVICE_A = ClientMetadataIssuerTests.SERVICE_A;

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).build();

    private static final SpiffeServedDocuments documents = SpiffeServedDocuments.as(() -> agent.address(CLIENT), SERVICE_A);

    static TestClientMetadataServer documents() {
        return documents.server();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
        registry.add("spiffe.jwt.client-metadata.allowed-issuers", () -> documents().url("/clients/*"));
    }

    static X509Source trust;

    @LocalServerPort
    int port;

    @BeforeAll
    static void sources() {
        trust = X509Source.builder().address(agent.address(CLIENT)).build();
    }

    @AfterAll
    static void close() {
        trust.close();
        documents.close();
    }

    private HttpsProbe.Response call(String token) throws IOException {
        return new ServerCalls(this.port, trust).send("GET", "/whoami", null, bearer(token));
    }

    @Test
    void theClientIdIsTheRequestPrincipal() throws IOException {
        HttpsProbe.Response response = call(documents().token(SERVICE_A, AUDIENCE));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("caller=null peer=null principal=" + documents().url(SERVICE_A));
    }

    @Test
    void aDocumentWhoseClientIdDiffersGets401() throws IOException {
        documents().answer("/clients/impostor.json", Answer.json(documents().document("/clients/impostor.json",
                members -> members.put("client_id", documents().url(SERVICE_A)))));
        HttpsProbe.Response response = call(documents().token("/clients/impostor.json", AUDIENCE));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("not its own URL");
    }

    @Test
    void anUnreachableIssuerGets503() throws IOException {
        documents().answer("/clients/down.json", Answer.json("{}").status(503));
        assertThat(call(documents().token("/clients/down.json", AUDIENCE)).status()).isEqualTo(503);
    }
}
