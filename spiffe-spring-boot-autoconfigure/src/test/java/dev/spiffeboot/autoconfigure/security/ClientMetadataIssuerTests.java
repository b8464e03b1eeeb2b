package dev.spiffeboot.autoconfigure.security;

import java.io.IOException;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.GATEWAY;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.SERVER;
import static dev.spiffeboot.autoconfigure.security.ServerCalls.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer JWTs of client ID metadata issuers on a real servlet server: the documents served over SPIFFE TLS by the
 * calling workload on 127.0.0.1 ({@code trust=spiffe}, loopback allowed, as in the demo), the client ID as the
 * request principal that the policy's rules match, and the refusals as 401 or 503 with their reasons.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
                "spiffe.jwt.client-metadata.audiences=" + ClientMetadataIssuerTests.AUDIENCE,
                "spiffe.jwt.client-metadata.trust=spiffe", "spiffe.jwt.client-metadata.allow-loopback=true" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ClientMetadataIssuerTests {

    static final String AUDIENCE = "https://service-b.example.com/api";

    static final String SERVICE_A = "/clients/service-a.json";

    static final String SERVICE_C = "/clients/service-c.json";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).identity(GATEWAY).build();

    private static final SpiffeServedDocuments documents = SpiffeServedDocuments.as(() -> agent.address(CLIENT), SERVICE_A, SERVICE_C);

    static TestClientMetadataServer documents() {
        return documents.server();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
        registry.add("spiffe.jwt.client-metadata.allowed-issuers", () -> documents().url("/clients/*"));
        // an indexed list binds from one property source only: the whole rule is set here
        registry.add("spiffe.security.policy.rules[0].name", () -> "service-a-reports");
        registry.add("spiffe.security.policy.rules[0].from[0].request-principals[0]", () -> documents().url(SERVICE_A));
        registry.add("spiffe.security.policy.rules[0].to[0].paths[0]", () -> "/reports");
        registry.add("spiffe.security.policy.rules[1].name", () -> "anyone-whoami");
        registry.add("spiffe.security.policy.rules[1].to[0].paths[0]", () -> "/whoami");
    }

    static X509Source gateway;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void sources() {
        gateway = X509Source.builder().address(agent.address(GATEWAY)).build();
    }

    @AfterAll
    static void close() {
        gateway.close();
        documents.close();
    }

    private HttpsProbe.Response call(String path, String token) throws IOException {
        return new ServerCalls(this.port, gateway).send("GET", path, gateway, bearer(token));
    }

    @Test
    void startsWithoutWarnings(CapturedOutput output) {
        String all = output.getAll();
        assertThat(all.substring(0, all.indexOf("Started "))).doesNotContainPattern("(?m)^\\S+\\s+WARN ");
    }

    @Test
    void theClientIdIsTheRequestPrincipalNextToTheMtlsPeer() throws IOException {
        HttpsProbe.Response response = call("/whoami", documents().token(SERVICE_A, AUDIENCE));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("caller=" + GATEWAY + " peer=" + GATEWAY + " principal=" + documents().url(SERVICE_A));
    }

    @Test
    void policyRulesMatchTheClientId() throws IOException {
        HttpsProbe.Response allowed = call("/reports", documents().token(SERVICE_A, AUDIENCE));
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo(documents().url(SERVICE_A) + " via " + GATEWAY);
        assertThat(call("/reports", documents().token(SERVICE_C, AUDIENCE)).status()).isEqualTo(403);
    }

    @Test
    void aDocumentWhoseClientIdDiffersGets401WithTheReasonCounted() throws IOException {
        documents().answer("/clients/impostor.json", Answer.json(documents().document("/clients/impostor.json",
                members -> members.put("client_id", documents().url(SERVICE_A)))));
        HttpsProbe.Response response = call("/whoami", documents().token("/clients/impostor.json", AUDIENCE));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"")
            .contains("has client_id '" + documents().url(SERVICE_A) + "', not its own URL");
        assertThat(this.meters.get("spiffe.authentication.failures").tag("reason", "CLIENT_ID_MISMATCH").counter().count()).isPositive();
    }

    @Test
    void anIssuerThatIsNotAllowedGets401SayingSo() throws IOException {
        documents().client("/elsewhere/service-x.json");
        HttpsProbe.Response response = call("/whoami", documents().token("/elsewhere/service-x.json", AUDIENCE));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("is not an accepted issuer");
        assertThat(documents().requests("/elsewhere/service-x.json")).isZero();
    }

    @Test
    void anUnreachableIssuerGets503AndTheTokenIsNotLogged(CapturedOutput output) throws IOException {
        documents().answer("/clients/down.json", Answer.json("{}").status(503));
        String token = documents().token("/clients/down.json", AUDIENCE);
        HttpsProbe.Response response = call("/whoami", token);
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("WWW-Authenticate")).contains("the client ID metadata could not be fetched now");
        assertThat(output).contains("answered HTTP 503").doesNotContain(token).doesNotContain("\tat ");
    }

    @Test
    void aTokenForAnotherAudienceGets401() throws IOException {
        assertThat(call("/whoami", documents().token(SERVICE_A, "https://service-c.example.com/api")).header("WWW-Authenticate"))
            .contains("expected audience in [" + AUDIENCE + "]");
    }
}
