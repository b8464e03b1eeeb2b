package dev.spiffeboot.autoconfigure.security;

import java.io.IOException;
import java.util.Base64;

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
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.CLIENT;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

/** JWT-SVIDs validated by the Workload API's ValidateJWTSVID ({@code spiffe.jwt.validation=workload-api}). */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want", "spiffe.jwt.validation=workload-api" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WorkloadApiValidationTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    static X509Source client;

    static JwtSource clientJwts;

    @LocalServerPort
    int port;

    @BeforeAll
    static void clients() {
        client = X509Source.builder().address(agent.address(CLIENT)).build();
        clientJwts = JwtSource.builder().address(agent.address(CLIENT)).build();
    }

    @AfterAll
    static void close() {
        client.close();
        clientJwts.close();
    }

    private HttpsProbe.Response callWith(String token) throws IOException {
        return new ServerCalls(this.port, client).send("GET", "/whoami", null, ServerCalls.bearer(token));
    }

    @Test
    void aTokenTheWorkloadApiAcceptsAuthenticatesItsSubject() throws IOException {
        HttpsProbe.Response response = callWith(clientJwts.fetchJwtSvid(SERVER).token());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("caller=" + CLIENT + " peer=null principal=" + CLIENT);
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedBeforeAsking() throws IOException {
        HttpsProbe.Response response = callWith(clientJwts.fetchJwtSvid("spiffe://example.org/other").token());
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("expected audience in [" + SERVER + "]");
    }

    @Test
    void aTokenTheWorkloadApiRefusesGets401() throws IOException {
        String token = clientJwts.fetchJwtSvid(SERVER, "spiffe://example.org/tampered").token();
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[10] ^= 1;
        String tampered = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        HttpsProbe.Response response = callWith(tampered);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("the Workload API refused the token");
    }

    @Test
    void duringAnOutageNewTokensGet503AndValidatedOnesStillPass() throws IOException {
        String validated = clientJwts.fetchJwtSvid(SERVER, "spiffe://example.org/first").token();
        String unseen = clientJwts.fetchJwtSvid(SERVER, "spiffe://example.org/second").token();
        assertThat(callWith(validated).status()).isEqualTo(200);
        agent.agent().outage(true);
        try {
            HttpsProbe.Response refused = callWith(unseen);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer error=\"temporarily_unavailable\"")
                .contains("the Workload API could not validate the token");
            assertThat(callWith(validated).status()).isEqualTo(200);
        }
        finally {
            agent.agent().outage(false);
        }
    }
}
