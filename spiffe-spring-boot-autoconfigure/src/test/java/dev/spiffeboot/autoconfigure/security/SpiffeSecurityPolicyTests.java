package dev.spiffeboot.autoconfigure.security;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.testing.TestIdentityProvider;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.CLIENT;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.GATEWAY;
import static dev.spiffeboot.autoconfigure.security.SecurityTestApplication.SERVER;
import static dev.spiffeboot.autoconfigure.security.ServerCalls.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Declarative rules (Istio AuthorizationPolicy semantics) on a real server, with end-user tokens from an identity
 * provider on 127.0.0.1 next to the mTLS peers.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
                "spiffe.security.policy.rules[0].name=no-intruders", "spiffe.security.policy.rules[0].action=DENY",
                "spiffe.security.policy.rules[0].from[0].principals[0]=" + SpiffeSecurityPolicyTests.INTRUDER,
                "spiffe.security.policy.rules[1].name=public-ping", "spiffe.security.policy.rules[1].to[0].paths[0]=/public/*",
                "spiffe.security.policy.rules[1].to[0].methods[0]=GET",
                "spiffe.security.policy.rules[2].name=clients",
                "spiffe.security.policy.rules[2].from[0].principals=" + CLIENT + "," + SpiffeSecurityPolicyTests.INTRUDER,
                "spiffe.security.policy.rules[2].to[0].paths[0]=/whoami",
                "spiffe.security.policy.rules[3].name=end-users",
                "spiffe.security.policy.rules[3].from[0].request-principals[0]=https://idp.example.test/*",
                "spiffe.security.policy.rules[3].to[0].paths[0]=/reports" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SpiffeSecurityPolicyTests {

    static final String INTRUDER = "spiffe://example.org/intruder";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder()
        .identity(SERVER).identity(CLIENT).identity(GATEWAY).identity(INTRUDER).build();

    static TestIdentityProvider idp;

    static {
        try {
            idp = TestIdentityProvider.start("https://idp.example.test");
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVER).toString());
        // an indexed list binds from one property source only: the whole issuer is set here
        registry.add("spiffe.jwt.issuers[0].issuer", idp::issuer);
        registry.add("spiffe.jwt.issuers[0].audiences", () -> "reports-api");
        registry.add("spiffe.jwt.issuers[0].jwk-set-uri", idp::jwkSetUri);
    }

    static X509Source client;

    static X509Source gateway;

    static X509Source intruder;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void clients() {
        client = X509Source.builder().address(agent.address(CLIENT)).build();
        gateway = X509Source.builder().address(agent.address(GATEWAY)).build();
        intruder = X509Source.builder().address(agent.address(INTRUDER)).build();
    }

    @AfterAll
    static void close() {
        client.close();
        gateway.close();
        intruder.close();
        idp.close();
    }

    private HttpsProbe.Response call(String method, String path, X509Source as, String... headers) throws IOException {
        return new ServerCalls(this.port, client).send(method, path, as, headers);
    }


    @Test
    void aDenyRuleWinsOverAnAllowRuleThatAlsoMatches() throws IOException {
        assertThat(call("GET", "/whoami", client).status()).isEqualTo(200);
        assertThat(call("GET", "/whoami", intruder).status()).isEqualTo(403);
    }

    @Test
    void aRuleWithoutSourcesLetsAnonymousCallersIn() throws IOException {
        assertThat(call("GET", "/public/ping", null).body()).isEqualTo("pong");
        assertThat(call("POST", "/public/ping", null).status()).isEqualTo(401);
    }

    @Test
    void onceAllowRulesExistWhatNoneAllowsIsDenied() throws IOException {
        assertThat(call("GET", "/team", client).status()).isEqualTo(403);
    }

    @Test
    void anEndUserTokenAndTheMtlsPeerAreBothKnown() throws IOException {
        String alice = idp.token("alice", List.of("reports-api"), Duration.ofMinutes(5));
        HttpsProbe.Response response = call("GET", "/reports", gateway, bearer(alice));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("https://idp.example.test/alice via " + GATEWAY);
    }

    @Test
    void aMissingTokenWhereARuleRequiresOneIsDeniedByThePolicy() throws IOException {
        assertThat(call("GET", "/reports", gateway).status()).isEqualTo(403);
    }

    @Test
    void anEndUserTokenForAnotherAudienceGets401AndIsCounted() throws IOException {
        String token = idp.token("alice", List.of("other-api"), Duration.ofMinutes(5));
        HttpsProbe.Response response = call("GET", "/reports", gateway, bearer(token));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("error_description=\"token of issuer "
                + "'https://idp.example.test': expected audience in [reports-api] (audience=[other-api])\"");
        assertThat(this.meters.get("spiffe.authentication.failures").tag("kind", "jwt").tag("reason", "AUDIENCE_MISMATCH")
            .counter().count()).isPositive();
    }

    @Test
    void anExpiredEndUserTokenGets401() throws IOException {
        String token = idp.token("alice", List.of("reports-api"), Duration.ofMinutes(-5));
        assertThat(call("GET", "/reports", gateway, bearer(token)).header("WWW-Authenticate"))
            .contains("token of issuer 'https://idp.example.test': token expired at ");
    }

    @Test
    void tokensSignedWithUnpublishedKeysGet401AndFetchTheKeysAtMostOnceMore() throws IOException {
        String first = idp.tokenWithUnpublishedKey("mallory", List.of("reports-api"));
        assertThat(call("GET", "/reports", null, bearer(first)).status()).isEqualTo(401);
        int fetches = idp.fetches();
        for (int i = 0; i < 3; i++) {
            String forged = idp.tokenWithUnpublishedKey("mallory", List.of("reports-api"));
            HttpsProbe.Response response = call("GET", "/reports", null, bearer(forged));
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).contains("no matching key");
        }
        assertThat(idp.fetches()).isLessThanOrEqualTo(fetches + 1);
    }
}
