package dev.spiffeboot.autoconfigure.tokenendpoint;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.spiffeboot.autoconfigure.server.LocalPorts;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.client.SpiffeRestClients;
import dev.spiffeboot.security.oauth2.client.AccessTokenBearerInterceptor;
import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.ClientAssertion;
import dev.spiffeboot.security.oauth2.client.TrustedAuthorizationServer;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.tokenendpoint.TokenEndpointApplication.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's own token endpoint on Tomcat: a JWT-SVID traded for an access token that the service's bearer
 * authentication then accepts without a network call, the RFC 6749 refusals, and a RestClient that, answered 401
 * with the service's resource metadata, gets a token from the trusted issuer and sends the request again.
 */
@SpringBootTest(classes = TokenEndpointApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want", "spiffe.security.token-endpoint.enabled=true" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ServletTokenEndpointTests {

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVICE).build();

    /** A free loopback port, chosen before the start so that the issuer and the resource can name it. */
    static final int PORT = freePort();

    /** The service is its own authorization server, and its issuer identifier is its own URL. */
    static final String ISSUER = "https://127.0.0.1:" + PORT;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVICE).toString());
        registry.add("server.port", () -> PORT);
        registry.add("spiffe.security.token-endpoint.issuer", () -> ISSUER);
        registry.add("spiffe.security.resource-metadata.resource", () -> ISSUER);
        registry.add("spiffe.security.resource-metadata.authorization-servers", () -> ISSUER);
    }

    @LocalServerPort
    int port;

    private static int freePort() {
        try {
            return LocalPorts.free();
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Autowired
    JwtSource jwtSource;

    @Autowired
    X509Source x509Source;

    @Autowired
    RestClient.Builder restClients;

    @Autowired
    SpiffeRestClients spiffeRestClients;

    private URI url(String path) {
        return URI.create("https://127.0.0.1:" + this.port + path);
    }

    /** TLS that authenticates the service by its SPIFFE ID, presenting no client certificate. */
    private HttpClient http() {
        return HttpClient.newBuilder()
            .sslContext(SpiffeSslContexts.tlsClient(this.x509Source, Authorizer.matching(SpiffeIdMatcher.id(SpiffeId.parse(SERVICE)))))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        return http().send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        return http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, String> jwtSvidRequest(String audience) {
        return Map.of("grant_type", "client_credentials", "client_assertion_type", ClientAssertion.JWT_SPIFFE,
                "client_assertion", this.jwtSource.fetchJwtSvid(audience).token());
    }

    @Test
    void aJwtSvidIsTradedForAnAccessTokenTheServiceAcceptsAsTheSameClient() throws Exception {
        HttpResponse<String> response = post("/oauth2/token", jwtSvidRequest(ISSUER));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(HttpHeaders.CACHE_CONTROL)).hasValue("no-store");
        Map<String, Object> token = JSONObjectUtils.parse(response.body());
        assertThat(token).containsEntry("token_type", "Bearer").containsEntry("expires_in", 300L);
        HttpResponse<String> whoami = get("/whoami", (String) token.get("access_token"));
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body()).isEqualTo("JWT_SVID " + SERVICE + " " + ISSUER);
    }

    @Test
    void theEndpointIsDiscoverableByItsAuthorizationServerMetadata() throws Exception {
        HttpResponse<String> response = get("/.well-known/oauth-authorization-server", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSONObjectUtils.parse(response.body())).containsEntry("issuer", ISSUER)
            .containsEntry("token_endpoint", ISSUER + "/oauth2/token")
            .containsEntry("token_endpoint_auth_methods_supported", List.of("private_key_jwt", "spiffe_jwt"));
    }

    @Test
    void refusalsAreOAuthErrorsNeverServerErrors() throws Exception {
        assertError(post("/oauth2/token", jwtSvidRequest(SERVICE)), 401, "invalid_client");
        assertError(post("/oauth2/token", Map.of("grant_type", "client_credentials")), 401, "invalid_client");
        assertError(post("/oauth2/token", Map.of("grant_type", "password")), 400, "unsupported_grant_type");
        Map<String, String> otherResource = new java.util.HashMap<>(jwtSvidRequest(ISSUER));
        otherResource.put("resource", "https://other.example.com");
        assertError(post("/oauth2/token", otherResource), 400, "invalid_target");
        Map<String, String> wrongType = new java.util.HashMap<>(jwtSvidRequest(ISSUER));
        wrongType.put("client_assertion_type", ClientAssertion.JWT_BEARER);
        assertError(post("/oauth2/token", wrongType), 401, "invalid_client");
        Map<String, String> otherClient = new java.util.HashMap<>(jwtSvidRequest(ISSUER));
        otherClient.put("client_id", "spiffe://example.org/someone-else");
        assertError(post("/oauth2/token", otherClient), 401, "invalid_client");
        assertThat(get("/oauth2/token", null).statusCode()).isEqualTo(405);
        HttpResponse<String> notForm = http().send(HttpRequest.newBuilder(url("/oauth2/token")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(notForm, 400, "invalid_request");
    }

    @Test
    void anAccessTokenOfAnotherIssuerKeyIsRefused() throws Exception {
        String token = (String) JSONObjectUtils.parse(post("/oauth2/token", jwtSvidRequest(ISSUER)).body()).get("access_token");
        // the same token with its signature's last character changed
        char last = token.charAt(token.length() - 1);
        String forged = token.substring(0, token.length() - 1) + ((last == 'A') ? 'Q' : 'A');
        HttpResponse<String> response = get("/whoami", forged);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue(HttpHeaders.WWW_AUTHENTICATE)).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"invalid_token\"").contains("resource_metadata="));
    }

    @Test
    void aRestClientAnswered401GetsATokenFromTheTrustedIssuerAndSendsTheRequestAgainOnce() {
        AtomicInteger assertions = new AtomicInteger();
        ClientAssertion jwtSvid = ClientAssertion.jwtSvid(this.jwtSource);
        // the token endpoint discovered from the issuer's metadata
        TrustedAuthorizationServer service = new TrustedAuthorizationServer(URI.create(ISSUER), http(), issuer -> {
            assertions.incrementAndGet();
            return jwtSvid.parameters(issuer);
        }, null);
        AccessTokens tokens = new AccessTokens(List.of(service), Duration.ofSeconds(30), Clock.systemUTC());
        RestClient client = this.restClients.clone()
            .apply(this.spiffeRestClients.tls(SERVICE))
            .requestInterceptor(new AccessTokenBearerInterceptor(tokens, null))
            .baseUrl("https://127.0.0.1:" + this.port)
            .build();
        assertThat(client.get().uri("/whoami").retrieve().body(String.class)).isEqualTo("JWT_SVID " + SERVICE + " " + ISSUER);
        assertThat(client.get().uri("/whoami").retrieve().body(String.class)).isEqualTo("JWT_SVID " + SERVICE + " " + ISSUER);
        assertThat(assertions).as("one token request for both calls").hasValue(1);
    }

    @Test
    void anUntrustedIssuerIsNeverContactedAndThe401IsReturned() {
        AtomicInteger assertions = new AtomicInteger();
        TrustedAuthorizationServer other = new TrustedAuthorizationServer(URI.create("https://as.example.com"), http(), issuer -> {
            assertions.incrementAndGet();
            return Map.of();
        }, null);
        AccessTokens tokens = new AccessTokens(List.of(other), Duration.ofSeconds(30), Clock.systemUTC());
        RestClient client = this.restClients.clone()
            .apply(this.spiffeRestClients.tls(SERVICE))
            .requestInterceptor(new AccessTokenBearerInterceptor(tokens, null))
            .baseUrl("https://127.0.0.1:" + this.port)
            .build();
        ResponseEntity<String> response = client.get().uri("/whoami").retrieve()
            .onStatus(status -> true, (request, answer) -> { })
            .toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(assertions).hasValue(0);
    }

    @Test
    void aTokenForTheResourceAsTheClientNamesItIsIssuedAndOneForAnotherIsNot() throws Exception {
        Map<String, String> request = new java.util.HashMap<>(jwtSvidRequest(ISSUER));
        request.put("resource", ISSUER);
        assertThat(post("/oauth2/token", request).statusCode()).isEqualTo(200);
    }

    private static void assertError(HttpResponse<String> response, int status, String error) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSONObjectUtils.parse(response.body())).containsEntry("error", error).containsKey("error_description");
    }
}
