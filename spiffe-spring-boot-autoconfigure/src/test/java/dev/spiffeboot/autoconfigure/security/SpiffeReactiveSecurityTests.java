package dev.spiffeboot.autoconfigure.security;

import java.io.IOException;

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
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.CLIENT;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.GATEWAY;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.SERVER;
import static dev.spiffeboot.autoconfigure.security.ServerCalls.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured WebFlux chain on a real Reactor Netty with mTLS (client certificates optional, so that
 * JWT-SVIDs also arrive over plain TLS), the twin of {@link SpiffeSecurityTests}: who the caller is, the annotations
 * and the rules of {@code spiffe.security.policy}. Bad tokens are
 * {@link dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerAttackTests}'s.
 */
@SpringBootTest(classes = ReactiveSecurityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { ReactiveSecurityTestApplication.REACTIVE, "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
                "spiffe.security.policy.rules[0].name=no-secrets", "spiffe.security.policy.rules[0].action=DENY",
                "spiffe.security.policy.rules[0].to[0].paths[0]=/secret" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class SpiffeReactiveSecurityTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).identity(CLIENT).identity(GATEWAY).build();

    @DynamicPropertySource
    static void workloadApi(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
    }

    static X509Source client;

    static X509Source gateway;

    static JwtSource clientJwts;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @BeforeAll
    static void sources() {
        client = X509Source.builder().address(agent.address(CLIENT)).build();
        gateway = X509Source.builder().address(agent.address(GATEWAY)).build();
        clientJwts = JwtSource.builder().address(agent.address(CLIENT)).build();
    }

    @AfterAll
    static void close() {
        client.close();
        gateway.close();
        clientJwts.close();
    }

    private HttpsProbe.Response call(String path, X509Source as, String... headers) throws IOException {
        return new ServerCalls(this.port, client).send("GET", path, as, headers);
    }

    private static String clientToken(String audience) {
        return clientJwts.fetchJwtSvid(audience).token();
    }

    @Test
    void theSpiffeChainIsTheOnlyOne() {
        assertThat(this.context.getBeansOfType(SecurityWebFilterChain.class)).containsOnlyKeys("spiffeSecurityWebFilterChain");
    }

    @Test
    void startedWithoutWarnings(CapturedOutput output) {
        String startUp = output.getAll();
        startUp = startUp.substring(0, startUp.indexOf("Netty started on port"));
        assertThat(startUp).doesNotContainPattern("(?m)^\\S+\\s+WARN ").doesNotContain("generated security password");
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
    void theAnnotationsAllowTheirCallersAndRefuseOthersWith403() throws IOException {
        HttpsProbe.Response allowed = call("/orders", client);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("orders for " + CLIENT);
        HttpsProbe.Response refused = call("/orders", gateway);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("\"caller\":\"" + GATEWAY + "\"");
    }

    @Test
    void thePolicyRulesFromThePropertiesApply() throws IOException {
        assertThat(call("/secret", client).status()).isEqualTo(403);
    }
}
