package dev.spiffeboot.sample.authserver;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
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

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.oauth2.client.ClientAssertion;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.security.oauth2.client.PublishedClientMetadata;
import dev.spiffeboot.security.oauth2.client.SvidSigningKeys;
import dev.spiffeboot.testing.TestClientMetadataServer;
import dev.spiffeboot.testing.TestClientMetadataServer.Answer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.sample.authserver.AuthServerCalls.accessToken;
import static dev.spiffeboot.sample.authserver.AuthServerCalls.freePort;
import static dev.spiffeboot.sample.authserver.AuthServerCalls.json;
import static dev.spiffeboot.sample.authserver.AuthServerCalls.refusal;
import static dev.spiffeboot.testing.TestClientMetadataServer.JWKS_PATH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients the sample authorization server never registered, identified by the URL of their client ID metadata
 * document: the documents are served over SPIFFE mTLS on 127.0.0.1 by a workload of the trust domain, as the sample
 * client serves its own, and fetched by the server as it ships ({@code application.yml}, with the allow-list pointed
 * at the test's documents). Token requests with {@code private_key_jwt} (keys at a {@code jwks_uri} or inline), with
 * a JWT-SVID for a document that names a {@code spiffe_id}, and with the client side's own signer; every refusal and
 * what it says; what is fetched, and what never is.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientMetadataClientsTests {

    /** The workload that serves the documents (as the sample client serves its own). */
    private static final String PUBLISHER = "spiffe://example.org/client";

    /** A workload a document names as its client's SPIFFE ID. */
    private static final String SERVICE_A = "spiffe://example.org/service-a/instance-1";

    /** A workload of the trust domain that no document names. */
    private static final String OTHER = "spiffe://example.org/other";

    private static final String RESOURCE = "https://127.0.0.1:8443/api/counter";

    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder()
        .identity(AuthServerCalls.AUTH_SERVER).identity(PUBLISHER).identity(SERVICE_A).identity(OTHER).build();

    private static final List<AutoCloseable> closing = new ArrayList<>();

    private static TestClientMetadataServer documents;

    private static ConfigurableApplicationContext server;

    private static String issuer;

    private static AuthServerCalls calls;

    /** An allowed client ID whose server does not answer. */
    private static String unreachableClientId;

    @BeforeAll
    static void start() throws IOException {
        X509Source publisher = closing(X509Source.builder().address(agent.address(PUBLISHER)).build());
        documents = closing(TestClientMetadataServer.https(SpiffeSslContexts.tlsServer(publisher), "127.0.0.1"));
        int port = freePort();
        issuer = "https://127.0.0.1:" + port;
        unreachableClientId = "https://127.0.0.1:" + freePort() + "/clients/a.json";
        server = new SpringApplicationBuilder(SampleAuthServerApplication.class).run(
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--spiffe.workload-api.address=" + agent.address(AuthServerCalls.AUTH_SERVER),
                "--spiffe.authorization-server.client-metadata.allowed-clients=" + documents.url("/clients/*") + ","
                        + unreachableClientId,
                // a registered client whose client ID is an allowed document URL
                "--spring.security.oauth2.authorizationserver.client.registered.registration.client-id="
                        + documents.url("/clients/registered.json"),
                "--spring.security.oauth2.authorizationserver.client.registered.registration.client-secret={noop}secret",
                "--spring.security.oauth2.authorizationserver.client.registered.registration.client-authentication-methods=client_secret_basic",
                "--spring.security.oauth2.authorizationserver.client.registered.registration.authorization-grant-types=client_credentials");
        HttpClient http = AuthServerCalls.http(closing(X509Source.builder().address(agent.address(OTHER)).build()));
        calls = new AuthServerCalls(http, issuer);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }

    private static <T extends AutoCloseable> T closing(T resource) {
        closing.add(resource);
        return resource;
    }

    /** A private_key_jwt token request of the client with the assertion. */
    private static HttpResponse<String> privateKeyJwt(String clientId, String assertion, String... more)
            throws IOException, InterruptedException {
        List<String> parameters = new ArrayList<>(List.of("client_id", clientId, "client_assertion_type", JWT_BEARER,
                "client_assertion", assertion));
        parameters.addAll(List.of(more));
        return tokenRequest(parameters.toArray(String[]::new));
    }

    private static JWTClaimsSet accessTokenClaims(HttpResponse<String> response) throws ParseException {
        return SignedJWT.parse(accessToken(response)).getJWTClaimsSet();
    }

    private static HttpResponse<String> tokenRequest(String... parameters) throws IOException, InterruptedException {
        return calls.tokenRequest(parameters);
    }

    /** A document at the path with its keys at the server's JWK Set, changed as the test wants. */
    private static String document(String path, Consumer<Map<String, Object>> change) {
        documents.answer(path, Answer.json(documents.document(path, members -> {
            members.put("jwks_uri", documents.url(JWKS_PATH));
            members.put("grant_types", List.of("client_credentials"));
            change.accept(members);
        })));
        return documents.url(path);
    }

    private static String jwtSvid(String workload, String audience) {
        try (JwtSource jwts = JwtSource.builder().address(agent.address(workload)).build()) {
            return jwts.fetchJwtSvid(audience).token();
        }
    }

    @Test
    void aClientWithKeysAtItsJwksUriGetsAnAccessToken() throws Exception {
        String clientId = document("/clients/jwks-uri.json", members -> { });
        JWTClaimsSet claims = accessTokenClaims(privateKeyJwt(clientId, documents.token("/clients/jwks-uri.json", issuer),
                "scope", "counter.read", "resource", RESOURCE));
        assertThat(claims.getSubject()).isEqualTo(clientId);
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getAudience()).containsExactly(RESOURCE);
        assertThat(claims.getStringListClaim("scope")).containsExactly("counter.read");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
            .isEqualTo(Duration.ofMinutes(5));
        // the document and the keys are held: a second token costs no fetch
        accessTokenClaims(privateKeyJwt(clientId, documents.token("/clients/jwks-uri.json", issuer)));
        assertThat(documents.requests("/clients/jwks-uri.json")).isOne();
    }

    @Test
    void aClientWithInlineKeysGetsAnAccessToken() throws Exception {
        String clientId = documents.url("/clients/inline.json");
        documents.answer("/clients/inline.json", Answer.json(documents.document("/clients/inline.json", members ->
                members.put("jwks", documents.publicKeys().toJSONObject()))));
        assertThat(accessTokenClaims(privateKeyJwt(clientId, documents.token("/clients/inline.json", issuer))).getSubject())
            .isEqualTo(clientId);
    }

    @Test
    void theClientSidesSignerAndPublishedDocumentAreAccepted() throws Exception {
        X509Source serviceA = closing(X509Source.builder().address(agent.address(SERVICE_A)).build());
        SvidSigningKeys keys = new SvidSigningKeys(serviceA, Duration.ofMinutes(10), Clock.systemUTC());
        URI clientId = URI.create(documents.url("/clients/service-a.json"));
        PublishedClientMetadata published = new PublishedClientMetadata(clientId, "Service A",
                URI.create(documents.url("/clients/service-a-jwks.json")), keys, Duration.ofMinutes(5));
        documents.answer("/clients/service-a.json", () -> Answer.json(published.documentJson()));
        documents.answer("/clients/service-a-jwks.json", () -> Answer.json(published.jwkSetJson()));
        ClientAssertion assertion = ClientAssertion.clientIdJwt(new ClientIdJwts(clientId, keys, Duration.ofMinutes(2), Clock.systemUTC()));
        List<String> parameters = new ArrayList<>();
        assertion.parameters(URI.create(issuer)).forEach((name, value) -> parameters.addAll(List.of(name, value)));
        parameters.addAll(List.of("scope", "counter.read"));
        JWTClaimsSet claims = accessTokenClaims(tokenRequest(parameters.toArray(String[]::new)));
        assertThat(claims.getSubject()).isEqualTo(clientId.toString());
        assertThat(claims.getStringListClaim("scope")).containsExactly("counter.read");
    }

    @Test
    void aClientIdTheAllowListDoesNotAcceptIsUnknownAndNothingIsFetched() throws Exception {
        documents.client("/other/a.json");
        assertThat(refusal(privateKeyJwt(documents.url("/other/a.json"), documents.token("/other/a.json", issuer)), 401,
                "invalid_client")).isNull();
        String dotted = documents.url("/clients/../other/a.json");
        assertThat(refusal(privateKeyJwt(dotted, documents.token("/other/a.json", issuer)), 401, "invalid_client"))
            .contains("must not contain . or .. path segments");
        assertThat(documents.requests("/other/a.json")).isZero();
    }

    @Test
    void aDocumentWhoseClientIdIsNotItsUrlIsRefused(CapturedOutput output) throws Exception {
        String clientId = document("/clients/mismatch.json", members -> members.put("client_id", documents.url("/clients/b.json")));
        String assertion = documents.token("/clients/mismatch.json", issuer);
        assertThat(refusal(privateKeyJwt(clientId, assertion), 401, "invalid_client"))
            .isEqualTo("the document at '" + clientId + "' has client_id '" + documents.url("/clients/b.json") + "', not its own URL");
        assertThat(output).contains("Client authentication refused: invalid_client, the document at")
            .doesNotContain(assertion.substring(assertion.lastIndexOf('.') + 1));
        // an invalid document is not held: the next request fetches it again
        privateKeyJwt(clientId, documents.token("/clients/mismatch.json", issuer));
        assertThat(documents.requests("/clients/mismatch.json")).isEqualTo(2);
    }

    @Test
    void aKeyTheDocumentDoesNotPublishIsRefused() throws Exception {
        String clientId = document("/clients/keys.json", members -> { });
        String unknownKid = documents.signWithUnpublishedKey(documents.claims("/clients/keys.json", issuer).build());
        assertThat(refusal(privateKeyJwt(clientId, unknownKid), 401, "invalid_client"))
            .startsWith("client_assertion is not valid for this authorization server: token of issuer '" + clientId + "': "
                    + "no matching key among the issuer's keys (kid '");
        // a key of another holder under a published key ID
        String publishedKid = documents.publicKeys().getKeys().get(0).getKeyID();
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(publishedKid).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(publishedKid).build(),
                documents.claims("/clients/keys.json", issuer).build());
        forged.sign(new ECDSASigner(impostor));
        assertThat(refusal(privateKeyJwt(clientId, forged.serialize()), 401, "invalid_client"))
            .endsWith("signature does not verify with the issuer's keys");
    }

    @Test
    void theAudienceMustBeTheIssuerAlone() throws Exception {
        String clientId = document("/clients/audience.json", members -> { });
        assertThat(refusal(privateKeyJwt(clientId, documents.token("/clients/audience.json", RESOURCE)), 401, "invalid_client"))
            .contains("expected audience in [" + issuer + "]");
        assertThat(refusal(privateKeyJwt(clientId, documents.token("/clients/audience.json", issuer + "/oauth2/token")), 401,
                "invalid_client")).contains("expected audience in [" + issuer + "]");
        String twoAudiences = documents.sign(documents.claims("/clients/audience.json", issuer).audience(List.of(issuer, RESOURCE)).build());
        assertThat(refusal(privateKeyJwt(clientId, twoAudiences), 401, "invalid_client"))
            .contains("token must name this authorization server's issuer '" + issuer + "' as its only audience");
    }

    @Test
    void anExpiredOrLongLivedAssertionIsRefused() throws Exception {
        String clientId = document("/clients/times.json", members -> { });
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        String expired = documents.sign(documents.claims("/clients/times.json", issuer)
            .issueTime(Date.from(hourAgo)).expirationTime(Date.from(hourAgo.plus(Duration.ofMinutes(5)))).build());
        assertThat(refusal(privateKeyJwt(clientId, expired), 401, "invalid_client")).contains("token expired at ");
        String longLived = documents.sign(documents.claims("/clients/times.json", issuer)
            .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build());
        assertThat(refusal(privateKeyJwt(clientId, longLived), 401, "invalid_client")).contains("more than the 300 s accepted");
    }

    @Test
    void anAssertionIsUsedOnceAndMustHaveAnId() throws Exception {
        String clientId = document("/clients/replay.json", members -> { });
        String assertion = documents.token("/clients/replay.json", issuer);
        accessTokenClaims(privateKeyJwt(clientId, assertion));
        assertThat(refusal(privateKeyJwt(clientId, assertion), 401, "invalid_client")).endsWith(": token was used before (jti '" + SignedJWT.parse(assertion).getJWTClaimsSet().getJWTID() + "')");
        String withoutId = documents.sign(documents.claims("/clients/replay.json", issuer).jwtID(null).build());
        assertThat(refusal(privateKeyJwt(clientId, withoutId), 401, "invalid_client")).endsWith(": token has no 'jti'");
    }

    @Test
    void theAssertionMustBeTheClientsOwn() throws Exception {
        String clientId = document("/clients/own.json", members -> { });
        document("/clients/someone-else.json", members -> { });
        assertThat(refusal(privateKeyJwt(clientId, documents.token("/clients/someone-else.json", issuer)), 401, "invalid_client"))
            .isEqualTo("client_assertion is issued by '" + documents.url("/clients/someone-else.json") + "', not by the client '"
                    + clientId + "' (iss must be the client ID)");
        assertThat(documents.requests("/clients/someone-else.json")).isZero();
    }

    @Test
    void aDocumentThatNamesASpiffeIdLetsItsWorkloadsAuthenticateWithJwtSvids() throws Exception {
        String clientId = documents.url("/clients/spiffe.json");
        // as in draft-ietf-oauth-spiffe-client-auth's example: no keys, no token_endpoint_auth_method, no grant_types
        documents.answer("/clients/spiffe.json", Answer.json(JSONObjectUtils.toJSONString(Map.of("client_id", clientId,
                "client_name", "Service A", "spiffe_id", "spiffe://example.org/service-a/*"))));
        JWTClaimsSet claims = accessTokenClaims(tokenRequest("client_id", clientId, "client_assertion_type",
                ClientAssertion.JWT_SPIFFE, "client_assertion", jwtSvid(SERVICE_A, issuer), "scope", "counter.read"));
        assertThat(claims.getSubject()).isEqualTo(clientId);
        assertThat(refusal(tokenRequest("client_id", clientId, "client_assertion_type", ClientAssertion.JWT_SPIFFE,
                "client_assertion", jwtSvid(OTHER, issuer)), 401, "invalid_client"))
            .isEqualTo("client '" + clientId + "' is not bound to SPIFFE ID '" + OTHER + "'");
        // without keys, the document's client has no private_key_jwt
        assertThat(refusal(privateKeyJwt(clientId, documents.token("/clients/spiffe.json", issuer)), 401, "invalid_client")).isNull();
    }

    @Test
    void aDocumentWithKeysAndASpiffeIdAllowsBothMethods() throws Exception {
        String clientId = document("/clients/both-methods.json", members -> members.put("spiffe_id", SERVICE_A));
        accessTokenClaims(privateKeyJwt(clientId, documents.token("/clients/both-methods.json", issuer)));
        accessTokenClaims(tokenRequest("client_id", clientId, "client_assertion_type", ClientAssertion.JWT_SPIFFE,
                "client_assertion", jwtSvid(SERVICE_A, issuer)));
    }

    @Test
    void theScopesAreTheConfiguredOnesNarrowedByTheDocument() throws Exception {
        String clientId = document("/clients/scopes.json", members -> { });
        assertThat(refusal(privateKeyJwt(clientId, documents.token("/clients/scopes.json", issuer), "scope", "counter.write"),
                400, "invalid_scope")).isNull();
        String narrowed = document("/clients/narrowed.json", members -> members.put("scope", "profile"));
        assertThat(refusal(privateKeyJwt(narrowed, documents.token("/clients/narrowed.json", issuer), "scope", "counter.read"),
                400, "invalid_scope")).isNull();
    }

    @Test
    void aDocumentWhoseGrantTypesLackClientCredentialsIsRefused() throws Exception {
        String clientId = document("/clients/code.json", members -> members.put("grant_types", List.of("authorization_code")));
        assertThat(refusal(privateKeyJwt(clientId, documents.token("/clients/code.json", issuer)), 401, "invalid_client"))
            .isEqualTo("the client ID metadata document '" + clientId + "' does not list client_credentials in grant_types, "
                    + "the grant this authorization server offers such clients");
    }

    @Test
    void aDocumentWithASecretOrKeysElsewhereIsRefusedAndItsUrlsAreNotFetched() throws Exception {
        String secret = document("/clients/secret.json", members -> members.put("client_secret", "s3cret"));
        assertThat(refusal(privateKeyJwt(secret, documents.token("/clients/secret.json", issuer)), 401, "invalid_client"))
            .endsWith("has client_secret, which a client ID metadata document must not have");
        String elsewhere = document("/clients/elsewhere.json", members -> members.put("jwks_uri", "https://127.0.0.1:1/keys.json"));
        assertThat(refusal(privateKeyJwt(elsewhere, documents.token("/clients/elsewhere.json", issuer)), 401, "invalid_client"))
            .endsWith("which is not of the document's origin");
    }

    @Test
    void anUnreachableDocumentIsTemporarilyUnavailable() throws Exception {
        assertThat(refusal(privateKeyJwt(unreachableClientId, documents.token("/clients/a.json", issuer)), 503,
                "temporarily_unavailable"))
            .startsWith("the client ID metadata document of client '" + unreachableClientId + "' could not be fetched now: ");
    }

    @Test
    void aRegisteredClientOfTheSameIdWinsAndItsDocumentIsNeverFetched() throws Exception {
        String clientId = document("/clients/registered.json", members -> { });
        HttpRequest.Builder basic = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":secret").getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
        assertThat(accessTokenClaims(calls.send(basic)).getSubject()).isEqualTo(clientId);
        // the registration allows client_secret_basic only: the document's keys do not count
        assertThat(refusal(privateKeyJwt(clientId, documents.token("/clients/registered.json", issuer)), 401, "invalid_client"))
            .isNull();
        assertThat(documents.requests("/clients/registered.json")).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMetadataAnnouncesClientIdMetadataDocuments() throws Exception {
        Map<String, Object> metadata = json(calls.get("/.well-known/oauth-authorization-server"));
        assertThat(metadata).containsEntry("client_id_metadata_document_supported", true);
        assertThat((List<Object>) metadata.get("token_endpoint_auth_methods_supported")).contains("private_key_jwt", "spiffe_jwt");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutJwtSvidClientAuthenticationTheDocumentsClientsStillHaveTheirEndpoints() throws Exception {
        int port = freePort();
        String otherIssuer = "https://127.0.0.1:" + port;
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(SampleAuthServerApplication.class).run(
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--spiffe.workload-api.address=" + agent.address(AuthServerCalls.AUTH_SERVER),
                "--spiffe.authorization-server.jwt-svid-client-authentication.enabled=false",
                "--spiffe.authorization-server.client-metadata.allowed-clients=" + documents.url("/clients/*"))) {
            AuthServerCalls otherCalls = new AuthServerCalls(calls.http(), otherIssuer);
            String clientId = document("/clients/no-jwt-svids.json", members -> { });
            String assertion = documents.token("/clients/no-jwt-svids.json", otherIssuer);
            List<String> parameters = List.of("client_id", clientId, "client_assertion_type", JWT_BEARER, "client_assertion", assertion);
            assertThat(SignedJWT.parse(accessToken(otherCalls.tokenRequest(parameters.toArray(String[]::new)))).getJWTClaimsSet()
                .getSubject()).isEqualTo(clientId);
            Map<String, Object> metadata = json(otherCalls.get("/.well-known/oauth-authorization-server"));
            assertThat(metadata).containsEntry("client_id_metadata_document_supported", true);
            assertThat((List<Object>) metadata.get("token_endpoint_auth_methods_supported")).doesNotContain("spiffe_jwt");
        }
    }
}
