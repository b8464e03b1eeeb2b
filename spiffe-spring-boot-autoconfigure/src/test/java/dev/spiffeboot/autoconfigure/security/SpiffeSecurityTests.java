package dev.spiffeboot.autoconfigure.security;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.autoconfigure.testing.TokenForge;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.AUDITOR;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.CLIENT;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.GATEWAY;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.PAYMENTS;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.SERVER;
import static dev.spiffeboot.autoconfigure.security.ServerCalls.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured filter chain on a real Tomcat with mTLS (client certificates optional, so that JWT-SVIDs
 * also arrive over plain TLS): who the caller is, how a refused token is logged, and the annotations. The 401s of
 * every kind of bad token are {@link dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerAttackTests}'s, run on
 * Tomcat, Jetty and Reactor Netty.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class SpiffeSecurityTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder()
        .identity(SERVER).identity(CLIENT).identity(GATEWAY).identity(AUDITOR).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    static X509Source client;

    static X509Source gateway;

    static X509Source auditor;

    static JwtSource clientJwts;

    static TokenForge forge;

    @LocalServerPort
    int port;

    @BeforeAll
    static void clients() throws Exception {
        client = X509Source.builder().address(agent.address(CLIENT)).build();
        gateway = X509Source.builder().address(agent.address(GATEWAY)).build();
        auditor = X509Source.builder().address(agent.address(AUDITOR)).build();
        clientJwts = JwtSource.builder().address(agent.address(CLIENT)).build();
        forge = TokenForge.ofDevAgent(agent.directory().resolve("ca"), "example.org");
    }

    @AfterAll
    static void close() {
        client.close();
        gateway.close();
        auditor.close();
        clientJwts.close();
    }

    private HttpsProbe.Response call(String path, X509Source as, String... headers) throws IOException {
        return new ServerCalls(this.port, client).send("GET", path, as, headers);
    }

    private static String clientToken(String audience, String... more) {
        return clientJwts.fetchJwtSvid(audience, more).token();
    }

    @Test
    void theMtlsPeerIsTheCaller() throws IOException {
        HttpsProbe.Response response = call("/whoami", client);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("caller=" + CLIENT + " peer=" + CLIENT + " principal=null");
    }

    @Test
    void aRequestWithoutIdentityGets401WithABearerChallenge() throws IOException {
        HttpsProbe.Response response = call("/whoami", null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void aJwtSvidOverTlsAuthenticatesItsSubject() throws IOException {
        HttpsProbe.Response response = call("/whoami", null, bearer(clientToken(SERVER)));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("caller=" + CLIENT + " peer=null principal=" + CLIENT);
    }

    @Test
    void thePeerAndTheJwtSvidAreKnownTogether() throws IOException {
        HttpsProbe.Response response = call("/whoami", gateway, bearer(clientToken(SERVER)));
        assertThat(response.body()).isEqualTo("caller=" + CLIENT + " peer=" + GATEWAY + " principal=" + CLIENT);
    }

    @Test
    void aRefusedTokenIsLoggedWithItsReasonButNotItself(CapturedOutput output) throws IOException {
        String token = forge.sign(TokenForge.claims(CLIENT, List.of(SERVER), Duration.ofHours(-1)).build());
        assertThat(call("/whoami", null, bearer(token)).status()).isEqualTo(401);
        assertThat(output).contains("Invalid token: token expired at ").doesNotContain(token)
            .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    }

    @Test
    void aClassAnnotationAllowsTheListedIdOnly() throws IOException {
        assertThat(call("/orders", client).status()).isEqualTo(200);
        HttpsProbe.Response refused = call("/orders", gateway);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("\"status\":403").contains("\"caller\":\"" + GATEWAY + "\"")
            .contains("\"detail\":\"" + GATEWAY + " may not GET /orders\"");
    }

    @Test
    void aMethodAnnotationReplacesTheClassOne() throws IOException {
        assertThat(call("/orders/audit", client).status()).isEqualTo(403);
        assertThat(call("/orders/audit", auditor).body()).isEqualTo("audit");
    }

    @Test
    void trustDomainAnnotationsAllowTheirMembers() throws IOException {
        assertThat(call("/team", gateway).status()).isEqualTo(200);
        assertThat(call("/partners", gateway).status()).isEqualTo(403);
    }

    @Test
    void aMetaAnnotationCarriesItsPattern() throws IOException {
        assertThat(call("/back-office", auditor).status()).isEqualTo(200);
        assertThat(call("/back-office", client).status()).isEqualTo(403);
    }

    @Test
    void aRequiredAudienceNeedsAJwtSvidForIt() throws IOException {
        assertThat(call("/payments", client).status()).isEqualTo(403);
        assertThat(call("/payments", null, bearer(clientToken(SERVER))).status()).isEqualTo(403);
        assertThat(call("/payments", null, bearer(clientToken(SERVER, PAYMENTS))).body()).isEqualTo("payments");
    }

    @Test
    void anExpressionCombinesThePeerAndTheCaller() throws IOException {
        assertThat(call("/via-gateway", gateway, bearer(clientToken(SERVER))).body()).isEqualTo("via gateway");
        assertThat(call("/via-gateway", client).status()).isEqualTo(403);
        assertThat(call("/via-gateway", gateway).status()).isEqualTo(403);
    }

    @Test
    void anAnnotatedEndpointAsksAnonymousCallersToAuthenticate() throws IOException {
        assertThat(call("/orders", null).status()).isEqualTo(401);
    }

    @Test
    void concurrentCallersWithGoodAndBadTokensGetTheirOwnAnswers() throws Exception {
        String good = clientToken(SERVER);
        String payments = clientToken(SERVER, PAYMENTS);
        String expired = forge.sign(TokenForge.claims(CLIENT, List.of(SERVER), Duration.ofHours(-1)).build());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                int kind = i % 3;
                outcomes.add(pool.submit(() -> {
                    String token = (kind == 0) ? good : (kind == 1) ? payments : expired;
                    return kind + ":" + call("/payments", null, bearer(token)).status();
                }));
            }
            for (Future<String> outcome : outcomes) {
                assertThat(outcome.get()).isIn("0:403", "1:200", "2:401");
            }
        }
        finally {
            pool.shutdownNow();
        }
    }
}
