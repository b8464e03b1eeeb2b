package dev.spiffeboot.autoconfigure.tokenendpoint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.server.LocalPorts;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.security.oauth2.client.SvidSigningKeys;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.tokenendpoint.TokenEndpointApplication.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An issuer of {@code spiffe.jwt.issuers} that is itself a SPIFFE workload (an authorization server on the starter,
 * typically): with {@code jwk-set-spiffe-id} its JWK Set is fetched over SPIFFE mTLS; without it, the JDK's trust
 * store refuses the SVID and the token cannot be checked (503). The issuer here is the application itself, whose
 * client ID JWTs are signed with the keys it publishes.
 */
@SpringBootTest(classes = TokenEndpointApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SpiffeIssuerJwkSetTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVICE).build();

    private static final int PORT = LocalPorts.freeForField();

    private static final String ORIGIN = "https://127.0.0.1:" + PORT;

    private static final String ISSUER = ORIGIN + "/.well-known/cimd.json";

    private static final String UNTRUSTING_ISSUER = ORIGIN + "/.well-known/untrusting.json";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVICE).toString());
        registry.add("server.port", () -> PORT);
        registry.add("spiffe.client-metadata.client-id", () -> ISSUER);
        registry.add("spiffe.jwt.issuers[0].issuer", () -> ISSUER);
        registry.add("spiffe.jwt.issuers[0].jwk-set-uri", () -> ORIGIN + "/.well-known/client-jwks.json");
        registry.add("spiffe.jwt.issuers[0].audiences", () -> ORIGIN);
        registry.add("spiffe.jwt.issuers[0].jwk-set-spiffe-id", () -> SERVICE);
        registry.add("spiffe.jwt.issuers[1].issuer", () -> UNTRUSTING_ISSUER);
        registry.add("spiffe.jwt.issuers[1].jwk-set-uri", () -> ORIGIN + "/.well-known/client-jwks.json");
        registry.add("spiffe.jwt.issuers[1].audiences", () -> ORIGIN);
    }

    @Autowired
    ClientIdJwts jwts;

    @Autowired
    SvidSigningKeys keys;

    @Autowired
    X509Source x509Source;

    private HttpResponse<String> whoami(String token) throws Exception {
        HttpClient http = HttpClient.newBuilder()
            .sslContext(SpiffeSslContexts.tlsClient(this.x509Source, Authorizer.matching(SpiffeIdMatcher.id(SpiffeId.parse(SERVICE)))))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
        return http.send(HttpRequest.newBuilder(URI.create(ORIGIN + "/whoami")).header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theKeysOfAnIssuerThatIsASpiffeWorkloadAreFetchedOverSpiffeMtls() throws Exception {
        HttpResponse<String> response = whoami(this.jwts.mint(ORIGIN));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("JWT " + ISSUER + "/" + ISSUER + " " + ISSUER);
    }

    @Test
    void withoutItsSpiffeIdTheJdkTrustStoreRefusesTheServerAndTheTokenCannotBeCheckedNow() throws Exception {
        ClientIdJwts untrusting = new ClientIdJwts(URI.create(UNTRUSTING_ISSUER), this.keys, Duration.ofMinutes(1), Clock.systemUTC());
        HttpResponse<String> response = whoami(untrusting.mint(ORIGIN));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    }
}
