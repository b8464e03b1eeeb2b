package dev.spiffeboot.sample.authserver;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.VerifiedToken;
import dev.spiffeboot.security.jwt.IssuerTokenVerifier;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.sample.authserver.AuthServerCalls.AUTH_SERVER;
import static dev.spiffeboot.sample.authserver.AuthServerCalls.accessToken;
import static dev.spiffeboot.sample.authserver.AuthServerCalls.freePort;
import static dev.spiffeboot.sample.authserver.AuthServerCalls.http;
import static dev.spiffeboot.sample.authserver.AuthServerCalls.json;
import static dev.spiffeboot.sample.authserver.AuthServerCalls.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample authorization server as it ships ({@code application.yml}), on the dev Workload API and a free port of
 * 127.0.0.1, called over SPIFFE mTLS: token requests of the client {@code spiffe://example.org/client} with its
 * JWT-SVID, every refusal of the JWT-SVID client authentication with its description, and the access token
 * validated as a resource server would, with the keys of the server's JWK Set.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleAuthServerTests {

    private static final String CLIENT = "spiffe://example.org/client";

    /** A workload of the trust domain that is no registered client. */
    private static final String INTRUDER = "spiffe://example.org/intruder";

    /** A registered client that authenticates with a client secret, not with a JWT-SVID. */
    private static final String SECRET_CLIENT = "spiffe://example.org/secret-client";

    private static final String RESOURCE_SERVER = "spiffe://example.org/server";

    private static final String RESOURCE = "https://127.0.0.1:8443/api/counter";

    /** Index of the client's identity whose JWT-SVIDs are issued expired. */
    private static final int EXPIRED_CLIENT = 5;

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder()
        .identity(AUTH_SERVER).identity(CLIENT).identity(INTRUDER).identity(SECRET_CLIENT).identity(RESOURCE_SERVER)
        .identity(new Identity(SpiffeId.parse(CLIENT), "", null, null, true))
        .build();

    /** A trust domain the authorization server has no bundle of. */
    @RegisterExtension
    static DevAgentExtension otherTrustDomain = DevAgentExtension.builder()
        .trustDomain("other.org").identity("spiffe://other.org/client").build();

    private static final List<AutoCloseable> sources = new ArrayList<>();

    private static ConfigurableApplicationContext server;

    private static String startupLog;

    private static String issuer;

    private static HttpClient clientHttp;

    private static AuthServerCalls calls;

    private static JwtSource clientJwts;

    @BeforeAll
    static void start(CapturedOutput output) throws IOException {
        int port = freePort();
        issuer = "https://127.0.0.1:" + port;
        server = new SpringApplicationBuilder(SampleAuthServerApplication.class).run(
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--spiffe.workload-api.address=" + agent.address(AUTH_SERVER),
                "--spring.security.oauth2.authorizationserver.client.secret-client.registration.client-id=" + SECRET_CLIENT,
                "--spring.security.oauth2.authorizationserver.client.secret-client.registration.client-secret={noop}secret",
                "--spring.security.oauth2.authorizationserver.client.secret-client.registration.client-authentication-methods=client_secret_basic",
                "--spring.security.oauth2.authorizationserver.client.secret-client.registration.authorization-grant-types=client_credentials");
        startupLog = output.toString();
        X509Source clientSvids = source(X509Source.builder().address(agent.address(CLIENT)).build());
        clientHttp = http(clientSvids);
        calls = new AuthServerCalls(clientHttp, issuer);
        clientJwts = source(JwtSource.builder().address(agent.address(CLIENT)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (AutoCloseable source : sources) {
            source.close();
        }
    }

    private static <T extends AutoCloseable> T source(T source) {
        sources.add(source);
        return source;
    }

    private static String jwtSvid(String workload, String audience, String... more) {
        try (JwtSource jwts = JwtSource.builder().address(agent.address(workload)).build()) {
            return jwts.fetchJwtSvid(audience, more).token();
        }
    }

    private static HttpResponse<String> withAssertion(String assertion, String... more) throws IOException, InterruptedException {
        List<String> parameters = new ArrayList<>(List.of("client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-spiffe", "client_assertion", assertion));
        parameters.addAll(List.of(more));
        return calls.tokenRequest(parameters.toArray(String[]::new));
    }

    @Test
    void startsWithoutWarnings() {
        assertThat(startupLog).contains("Tomcat started on port").doesNotContain(" WARN ").doesNotContain(" ERROR ");
    }

    @Test
    void aValidJwtSvidGetsAnAccessTokenForTheResource() throws Exception {
        HttpResponse<String> response = withAssertion(clientJwts.fetchJwtSvid(issuer).token(), "resource", RESOURCE,
                "scope", "counter.read");
        Map<String, Object> body = json(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("scope", "counter.read");
        JWTClaimsSet claims = SignedJWT.parse((String) body.get("access_token")).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(CLIENT);
        assertThat(claims.getAudience()).containsExactly(RESOURCE);
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
            .isEqualTo(Duration.ofMinutes(5));
        assertThat(claims.getStringListClaim("scope")).containsExactly("counter.read");
    }

    @Test
    void theClientIdMayBeSentWhenItIsTheJwtSvidsSpiffeId() throws Exception {
        String token = accessToken(withAssertion(clientJwts.fetchJwtSvid(issuer).token(), "client_id", CLIENT));
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getSubject()).isEqualTo(CLIENT);
    }

    @Test
    void theSameJwtSvidAuthenticatesMoreThanOnce() throws Exception {
        String assertion = clientJwts.fetchJwtSvid(issuer).token();
        assertThat(withAssertion(assertion).statusCode()).isEqualTo(200);
        assertThat(withAssertion(assertion).statusCode()).isEqualTo(200);
    }

    @Test
    void severalResourcesAreSeveralAudiences() throws Exception {
        String other = "https://127.0.0.1:8443/api/other";
        String token = accessToken(withAssertion(clientJwts.fetchJwtSvid(issuer).token(), "resource", RESOURCE,
                "resource", other));
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience()).containsExactlyInAnyOrder(RESOURCE, other);
    }

    @Test
    void withoutAResourceTheAudienceStaysTheClientId() throws Exception {
        String token = accessToken(withAssertion(clientJwts.fetchJwtSvid(issuer).token()));
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience()).containsExactly(CLIENT);
    }

    @Test
    void theAccessTokenValidatesWithTheKeysOfTheJwkSetFetchedOverSpiffeMtls() throws Exception {
        String token = accessToken(withAssertion(clientJwts.fetchJwtSvid(issuer).token(), "resource", RESOURCE));
        X509Source resourceServer = source(X509Source.builder().address(agent.address(RESOURCE_SERVER)).build());
        IssuerTokenVerifier verifier = IssuerTokenVerifier.builder(issuer)
            .audiences(List.of(RESOURCE))
            .jwkSetUri(issuer + "/oauth2/jwks")
            .httpClient(http(resourceServer))
            .build();
        VerifiedToken verified = verifier.verify(token);
        assertThat(verified.principal().value()).isEqualTo(issuer + "/" + CLIENT);
        assertThat(verified.principal().audience()).containsExactly(RESOURCE);

        String forAnotherResource = accessToken(withAssertion(clientJwts.fetchJwtSvid(issuer).token(),
                "resource", "https://127.0.0.1:8443/api/other"));
        assertThatExceptionOfType(BearerTokenRejectedException.class).isThrownBy(() -> verifier.verify(forAnotherResource))
            .satisfies(ex -> assertThat(ex.reason()).isEqualTo("AUDIENCE_MISMATCH"));

        // what spiffe.jwt.issuers does today: its client trusts the JDK's CAs, not the server's X509-SVID
        IssuerTokenVerifier withTheJdkTrustStore = IssuerTokenVerifier.builder(issuer)
            .audiences(List.of(RESOURCE))
            .jwkSetUri(issuer + "/oauth2/jwks")
            .httpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build())
            .build();
        assertThatExceptionOfType(BearerTokenRejectedException.class).isThrownBy(() -> withTheJdkTrustStore.verify(token))
            .satisfies(ex -> assertThat(ex.isUnavailable()).isTrue());
    }

    @Test
    void aResourceMustBeAnAbsoluteUriWithoutFragment() throws Exception {
        String assertion = clientJwts.fetchJwtSvid(issuer).token();
        assertThat(refusal(withAssertion(assertion, "resource", "/api/counter"), 400, "invalid_target"))
            .isEqualTo("resource '/api/counter' must be an absolute URI without a fragment");
        assertThat(refusal(withAssertion(assertion, "resource", RESOURCE + "#part"), 400, "invalid_target"))
            .isEqualTo("resource '" + RESOURCE + "#part' must be an absolute URI without a fragment");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMetadataAdvertisesTheMethod() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/.well-known/oauth-authorization-server"))
            .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = clientHttp.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> metadata = json(response);
        assertThat(metadata).containsEntry("issuer", issuer);
        assertThat((List<Object>) metadata.get("token_endpoint_auth_methods_supported")).contains("spiffe_jwt");
        assertThat((List<Object>) metadata.get("introspection_endpoint_auth_methods_supported")).contains("spiffe_jwt");
        assertThat((List<Object>) metadata.get("revocation_endpoint_auth_methods_supported")).contains("spiffe_jwt");
    }

    @Test
    void aJwtSvidForAnotherAudienceIsRefused(CapturedOutput output) throws Exception {
        String assertion = clientJwts.fetchJwtSvid(AUTH_SERVER).token();
        assertThat(refusal(withAssertion(assertion), 401, "invalid_client"))
            .isEqualTo("client_assertion is not a valid JWT-SVID for this authorization server: expected audience in ["
                    + issuer + "] (audience=[" + AUTH_SERVER + "])");
        assertThat(output).contains("Client authentication refused: invalid_client, client_assertion is not a valid")
            .doesNotContain(assertion)
            .doesNotContain(assertion.substring(assertion.lastIndexOf('.') + 1));
    }

    @Test
    void theTokenEndpointIsNoAudience() throws Exception {
        String assertion = clientJwts.fetchJwtSvid(issuer + "/oauth2/token").token();
        assertThat(refusal(withAssertion(assertion), 401, "invalid_client"))
            .startsWith("client_assertion is not a valid JWT-SVID for this authorization server: expected audience in");
    }

    @Test
    void theIssuerMustBeTheOnlyAudience() throws Exception {
        String assertion = clientJwts.fetchJwtSvid(issuer, RESOURCE_SERVER).token();
        assertThat(refusal(withAssertion(assertion), 401, "invalid_client"))
            .startsWith("client_assertion must name this authorization server's issuer '" + issuer + "' as its only "
                    + "audience (aud=[")
            .contains(issuer, RESOURCE_SERVER);
    }

    @Test
    void anExpiredJwtSvidIsRefused() throws Exception {
        String assertion;
        try (JwtSource expired = JwtSource.builder().address(agent.agent().address(EXPIRED_CLIENT)).build()) {
            assertion = expired.fetchJwtSvid(issuer).token();
        }
        assertThat(refusal(withAssertion(assertion), 401, "invalid_client"))
            .startsWith("client_assertion is not a valid JWT-SVID for this authorization server: token expired at ");
    }

    @Test
    void aJwtSvidOfAnUntrustedTrustDomainIsRefused() throws Exception {
        String assertion;
        try (JwtSource other = JwtSource.builder().address(otherTrustDomain.address("spiffe://other.org/client")).build()) {
            assertion = other.fetchJwtSvid(issuer).token();
        }
        assertThat(refusal(withAssertion(assertion), 401, "invalid_client"))
            .isEqualTo("client_assertion is not a valid JWT-SVID for this authorization server: "
                    + "no JWT bundle for trust domain 'other.org'");
    }

    @Test
    void aSpiffeIdThatIsNoRegisteredClientIsRefused() throws Exception {
        assertThat(refusal(withAssertion(jwtSvid(INTRUDER, issuer)), 401, "invalid_client"))
            .isEqualTo("no registered client '" + INTRUDER + "'");
    }

    @Test
    void aClientIdOtherThanTheJwtSvidsSpiffeIdIsRefused() throws Exception {
        String assertion = clientJwts.fetchJwtSvid(issuer).token();
        assertThat(refusal(withAssertion(assertion, "client_id", SECRET_CLIENT), 401, "invalid_client"))
            .isEqualTo("client_id '" + SECRET_CLIENT + "' is not the SPIFFE ID of client_assertion, '" + CLIENT + "'");
    }

    @Test
    void twoAssertionsAreRefused() throws Exception {
        String assertion = clientJwts.fetchJwtSvid(issuer).token();
        assertThat(refusal(withAssertion(assertion, "client_assertion", assertion), 401, "invalid_client"))
            .isEqualTo("the request carries 2 client_assertion parameters; JWT-SVID client authentication takes "
                    + "exactly one JWT-SVID");
    }

    @Test
    void aMalformedAssertionIsRefused() throws Exception {
        assertThat(refusal(withAssertion("not-a-jwt"), 401, "invalid_client"))
            .startsWith("client_assertion is not a JWT-SVID: ");
        assertThat(refusal(withAssertion("not-a-jwt", "client_id", CLIENT), 401, "invalid_client"))
            .startsWith("client_assertion is not a valid JWT-SVID for this authorization server: ");
    }

    @Test
    void aClientRegisteredWithoutTheMethodIsRefused() throws Exception {
        assertThat(refusal(withAssertion(jwtSvid(SECRET_CLIENT, issuer)), 401, "invalid_client"))
            .isEqualTo("client '" + SECRET_CLIENT + "' may not authenticate with spiffe_jwt");
    }

    @Test
    void theAuthorizationCodeGrantIsNotServed() throws Exception {
        String form = "grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2F127.0.0.1%2Fcb"
                + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-spiffe"
                + "&client_assertion=" + clientJwts.fetchJwtSvid(issuer).token();
        assertThat(refusal(calls.post(form), 400, "invalid_request"))
            .isEqualTo("JWT-SVID client authentication is not available for the authorization_code grant");
    }

    @Test
    void otherClientAuthenticationMethodsStillWork() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (URLEncoder.encode(SECRET_CLIENT, StandardCharsets.UTF_8) + ":secret").getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
            .build();
        HttpResponse<String> response = clientHttp.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(SignedJWT.parse(accessToken(response)).getJWTClaimsSet().getSubject()).isEqualTo(SECRET_CLIENT);

        HttpRequest wrongSecret = HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization"))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (URLEncoder.encode(SECRET_CLIENT, StandardCharsets.UTF_8) + ":wrong").getBytes(StandardCharsets.UTF_8)))
            .build();
        HttpResponse<String> refused = clientHttp.send(wrongSecret, HttpResponse.BodyHandlers.ofString());
        assertThat(refusal(refused, 401, "invalid_client")).as("Spring's own methods keep their terse answers").isNull();
    }
}
