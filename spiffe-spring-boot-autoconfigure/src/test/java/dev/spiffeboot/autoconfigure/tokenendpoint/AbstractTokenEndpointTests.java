package dev.spiffeboot.autoconfigure.tokenendpoint;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.spiffeboot.autoconfigure.server.LocalPorts;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.ClientAssertion;
import dev.spiffeboot.security.oauth2.client.TrustedAuthorizationServer;
import dev.spiffeboot.security.oauth2.server.token.TokenEndpoint;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.tokenendpoint.TokenEndpointApplication.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's own token endpoint on one web stack: a JWT-SVID traded for an access token that the service's bearer
 * authentication then accepts without a network call, the RFC 6749 refusals, and the stack's HTTP client with the
 * access token filter, which, answered 401 with the service's resource metadata, gets a token from the trusted
 * issuer and sends the request again, once. The service is its own authorization server: its issuer identifier and
 * resource are its own URL, on a port chosen before the start. Each subclass runs the application on its stack; the
 * agent runs per test class, and each application gets a port of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractTokenEndpointTests {

    private static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

    @Autowired
    JwtSource jwtSource;

    @Autowired
    X509Source x509Source;

    @LocalServerPort
    int port;

    /** The port the application listens on. */
    protected int port() {
        return this.port;
    }

    /** What the web server logs once it listens. */
    protected abstract String startedLine();

    /**
     * A client of the stack (RestClient or WebClient) with the access token filter of the tokens, to the service.
     *
     * @param tokens the access tokens
     * @param wire sees (and may change) the bearer of each request as it goes on the wire, after the filter
     * @param server the authorization server the filter is told up front, or {@code null} to learn it
     */
    protected abstract Client client(AccessTokens tokens, Wire wire, TrustedAuthorizationServer server);

    /** A client of one stack. */
    protected interface Client {

        /** Sends a request and reads the answer, whatever its status. */
        Answer send(HttpMethod method, String path, String body);

        default Answer get(String path) {
            return send(HttpMethod.GET, path, null);
        }
    }

    /**
     * What a client got.
     *
     * @param status the HTTP status
     * @param body the body, empty when none
     */
    protected record Answer(int status, String body) {
    }

    /** The requests a client sent on the wire, and the bearer each carried (changed as {@link #forge} says). */
    protected static final class Wire {

        final List<String> requests = new CopyOnWriteArrayList<>();

        private final UnaryOperator<String> forge;

        Wire(UnaryOperator<String> forge) {
            this.forge = forge;
        }

        /** The bearer to send instead of the one the filter set ({@code null} for none). */
        String onTheWire(HttpMethod method, URI url, String bearer) {
            String sent = (bearer != null) ? this.forge.apply(bearer) : null;
            this.requests.add(method + " " + url.getRawPath() + " " + ((sent == null) ? "-" : (sent.equals(bearer) ? "bearer" : "forged")));
            return sent;
        }

        /** The bearer header value of an Authorization header, or {@code null}. */
        static String bearerOf(String authorization) {
            return (authorization != null && authorization.startsWith("Bearer ")) ? authorization.substring("Bearer ".length()) : null;
        }
    }

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVICE).build();

    /**
     * The application's settings: the service's identity, and a port chosen before the start, so that its issuer
     * and resource can name it.
     */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        int port = LocalPorts.free();
        String issuer = "https://127.0.0.1:" + port;
        registry.add("spiffe.workload-api.address", () -> agent.address(SERVICE).toString());
        registry.add("server.port", () -> port);
        registry.add("spiffe.security.token-endpoint.issuer", () -> issuer);
        registry.add("spiffe.security.resource-metadata.resource", () -> issuer);
        registry.add("spiffe.security.resource-metadata.authorization-servers", () -> issuer);
    }

    /** The service is its own authorization server, and its issuer identifier is its own URL. */
    protected String issuer() {
        return "https://127.0.0.1:" + port();
    }

    private URI url(String path) {
        return URI.create(issuer() + path);
    }

    /** TLS that authenticates the service by its SPIFFE ID, presenting no client certificate. */
    protected HttpClient http() {
        return HttpClient.newBuilder()
            .sslContext(SpiffeSslContexts.tlsClient(this.x509Source, Authorizer.matching(SpiffeIdMatcher.id(SpiffeId.parse(SERVICE)))))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    }

    private HttpResponse<String> post(String contentType, String body) throws Exception {
        return http().send(HttpRequest.newBuilder(url("/oauth2/token")).header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        return post("application/x-www-form-urlencoded", body);
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

    /** The access tokens of this workload from the service, counting the assertions it makes (one per token request). */
    protected AccessTokens tokensFromTheService(AtomicInteger assertions, List<String> threads) {
        ClientAssertion jwtSvid = ClientAssertion.jwtSvid(this.jwtSource);
        // the token endpoint discovered from the issuer's metadata
        TrustedAuthorizationServer service = new TrustedAuthorizationServer(URI.create(issuer()), http(), issuer -> {
            assertions.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            return jwtSvid.parameters(issuer);
        }, null);
        return new AccessTokens(List.of(service), Duration.ofSeconds(30), Clock.systemUTC());
    }

    protected AccessTokens tokensFromTheService(AtomicInteger assertions) {
        return tokensFromTheService(assertions, new CopyOnWriteArrayList<>());
    }

    /** What the service's whoami answers to this workload's access tokens. */
    protected String accessTokenCaller() {
        return "JWT_SVID " + SERVICE + " " + issuer();
    }

    /** The same token with its signature's last character changed: the service refuses it as {@code invalid_token}. */
    protected static String forged(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + ((last == 'A') ? 'Q' : 'A');
    }

    @Test
    void startedWithoutWarnings(CapturedOutput output) {
        String startUp = output.getAll();
        assertThat(startUp).contains(startedLine());
        startUp = startUp.substring(0, startUp.indexOf(startedLine()));
        assertThat(startUp).doesNotContainPattern("(?m)^\\S+\\s+WARN ").doesNotContain("generated security password");
    }

    @Test
    void aJwtSvidIsTradedForAnAccessTokenTheServiceAcceptsAsTheSameClient() throws Exception {
        HttpResponse<String> response = post(jwtSvidRequest(issuer()));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(HttpHeaders.CACHE_CONTROL)).hasValue("no-store");
        Map<String, Object> token = JSONObjectUtils.parse(response.body());
        assertThat(token).containsEntry("token_type", "Bearer").containsEntry("expires_in", 300L);
        HttpResponse<String> whoami = get("/whoami", (String) token.get("access_token"));
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body()).isEqualTo(accessTokenCaller());
    }

    @Test
    void theEndpointIsDiscoverableByItsAuthorizationServerMetadata() throws Exception {
        HttpResponse<String> response = get("/.well-known/oauth-authorization-server", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSONObjectUtils.parse(response.body())).containsEntry("issuer", issuer())
            .containsEntry("token_endpoint", issuer() + "/oauth2/token")
            .containsEntry("token_endpoint_auth_methods_supported", List.of("private_key_jwt", "spiffe_jwt"));
    }

    @Test
    void refusalsAreOAuthErrorsNeverServerErrors() throws Exception {
        assertError(post(jwtSvidRequest(SERVICE)), 401, "invalid_client");
        assertError(post(Map.of("grant_type", "client_credentials")), 401, "invalid_client");
        assertError(post(Map.of("grant_type", "password")), 400, "unsupported_grant_type");
        Map<String, String> otherResource = new HashMap<>(jwtSvidRequest(issuer()));
        otherResource.put("resource", "https://other.example.com");
        assertError(post(otherResource), 400, "invalid_target");
        Map<String, String> wrongType = new HashMap<>(jwtSvidRequest(issuer()));
        wrongType.put("client_assertion_type", ClientAssertion.JWT_BEARER);
        assertError(post(wrongType), 401, "invalid_client");
        Map<String, String> otherClient = new HashMap<>(jwtSvidRequest(issuer()));
        otherClient.put("client_id", "spiffe://example.org/someone-else");
        assertError(post(otherClient), 401, "invalid_client");
        Map<String, String> withScope = new HashMap<>(jwtSvidRequest(issuer()));
        withScope.put("scope", "read");
        assertError(post(withScope), 400, "invalid_scope");
        assertError(post("application/x-www-form-urlencoded", "grant_type=client_credentials&grant_type=client_credentials"), 400,
                "invalid_request");
        assertError(post("application/x-www-form-urlencoded", "grant_type=%zz"), 400, "invalid_request");
        assertThat(get("/oauth2/token", null).statusCode()).isEqualTo(405);
        assertError(post("application/json", "{}"), 400, "invalid_request");
    }

    @Test
    void aRequestWhoseContentTypeIsNotTheFormsIsAnInvalidRequest() throws Exception {
        assertError(post("not a media type", "grant_type=client_credentials"), 400, "invalid_request");
        assertError(post("application/", "grant_type=client_credentials"), 400, "invalid_request");
        assertError(post("application/x-www-form-urlencoded-not", "grant_type=client_credentials"), 400, "invalid_request");
        assertError(post("Application/X-WWW-Form-Urlencoded; charset=UTF-8", "grant_type=client_credentials"), 401, "invalid_client");
    }

    @Test
    void aRequestLargerThanTheLimitIsAnInvalidRequest() throws Exception {
        String padding = "a".repeat(TokenEndpoint.MAX_REQUEST_BYTES);
        HttpResponse<String> response = post("application/x-www-form-urlencoded", "grant_type=client_credentials&padding=" + padding);
        assertError(response, 400, "invalid_request");
        assertThat(response.body()).contains("larger than " + TokenEndpoint.MAX_REQUEST_BYTES + " bytes");
    }

    @Test
    void anAccessTokenOfAnotherIssuerKeyIsRefused() throws Exception {
        String token = (String) JSONObjectUtils.parse(post(jwtSvidRequest(issuer())).body()).get("access_token");
        HttpResponse<String> response = get("/whoami", forged(token));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue(HttpHeaders.WWW_AUTHENTICATE)).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"invalid_token\"").contains("resource_metadata="));
    }

    @Test
    void aTokenForTheResourceAsTheClientNamesItIsIssued() throws Exception {
        Map<String, String> request = new HashMap<>(jwtSvidRequest(issuer()));
        request.put("resource", issuer());
        assertThat(post(request).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientAnswered401GetsATokenFromTheTrustedIssuerAndSendsTheRequestAgainOnce() {
        AtomicInteger assertions = new AtomicInteger();
        Wire wire = new Wire(UnaryOperator.identity());
        Client client = client(tokensFromTheService(assertions), wire, null);
        assertThat(client.get("/whoami")).isEqualTo(new Answer(200, accessTokenCaller()));
        assertThat(wire.requests).as("the metadata read without the request's credentials")
            .containsExactly("GET /whoami -", "GET " + METADATA_PATH + " -", "GET /whoami bearer");
        assertThat(client.get("/whoami")).isEqualTo(new Answer(200, accessTokenCaller()));
        assertThat(wire.requests).hasSize(4).endsWith("GET /whoami bearer");
        assertThat(assertions).as("one token request for both calls").hasValue(1);
    }

    @Test
    void aRequestWithABodyIsSentAgainWithTheSameBody() {
        AtomicInteger assertions = new AtomicInteger();
        Wire wire = new Wire(UnaryOperator.identity());
        Client client = client(tokensFromTheService(assertions), wire, null);
        assertThat(client.send(HttpMethod.POST, "/echo", "{\"count\":1}")).isEqualTo(new Answer(200, accessTokenCaller() + " {\"count\":1}"));
        assertThat(wire.requests).containsExactly("POST /echo -", "GET " + METADATA_PATH + " -", "POST /echo bearer");
        assertThat(assertions).hasValue(1);
    }

    @Test
    void aClientToldTheIssuerSendsATokenAtOnce() {
        AtomicInteger assertions = new AtomicInteger();
        AccessTokens tokens = tokensFromTheService(assertions);
        TrustedAuthorizationServer service = tokens.firstTrusted(List.of(URI.create(issuer()))).orElseThrow();
        Wire wire = new Wire(UnaryOperator.identity());
        Client client = client(tokens, wire, service);
        assertThat(client.get("/whoami")).isEqualTo(new Answer(200, accessTokenCaller()));
        assertThat(wire.requests).containsExactly("GET /whoami bearer");
        assertThat(assertions).hasValue(1);
    }

    @Test
    void anUntrustedIssuerIsNeverContactedAndThe401IsReturned() {
        AtomicInteger assertions = new AtomicInteger();
        TrustedAuthorizationServer other = new TrustedAuthorizationServer(URI.create("https://as.example.com"), http(), issuer -> {
            assertions.incrementAndGet();
            return Map.of();
        }, null);
        AccessTokens tokens = new AccessTokens(List.of(other), Duration.ofSeconds(30), Clock.systemUTC());
        Wire wire = new Wire(UnaryOperator.identity());
        Answer answer = client(tokens, wire, null).get("/whoami");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(wire.requests).containsExactly("GET /whoami -", "GET " + METADATA_PATH + " -");
        assertThat(assertions).hasValue(0);
    }

    @Test
    void aTokenTheResourceRefusesLaterIsReplacedAndTheRequestSentAgainOnce() {
        AtomicInteger assertions = new AtomicInteger();
        AtomicInteger bearers = new AtomicInteger();
        // the second access token on the wire is forged: the service refuses it as it would refuse an expired one
        Wire wire = new Wire(token -> (bearers.incrementAndGet() == 2) ? forged(token) : token);
        Client client = client(tokensFromTheService(assertions), wire, null);
        assertThat(client.get("/whoami").status()).isEqualTo(200);
        assertThat(client.get("/whoami")).isEqualTo(new Answer(200, accessTokenCaller()));
        assertThat(wire.requests).containsExactly("GET /whoami -", "GET " + METADATA_PATH + " -", "GET /whoami bearer",
                "GET /whoami forged", "GET " + METADATA_PATH + " -", "GET /whoami bearer");
        assertThat(assertions).as("the refused token forgotten, a new one obtained").hasValue(2);
        assertThat(client.get("/whoami").status()).isEqualTo(200);
        assertThat(assertions).as("the new token kept").hasValue(2);
    }

    @Test
    void aTokenTheResourceAlwaysRefusesIsSentAgainOnlyOncePerRequest() {
        AtomicInteger assertions = new AtomicInteger();
        Wire wire = new Wire(AbstractTokenEndpointTests::forged);
        Client client = client(tokensFromTheService(assertions), wire, null);
        assertThat(client.get("/whoami").status()).isEqualTo(401);
        assertThat(wire.requests).containsExactly("GET /whoami -", "GET " + METADATA_PATH + " -", "GET /whoami forged");
        assertThat(client.get("/whoami").status()).isEqualTo(401);
        assertThat(wire.requests).hasSize(6).endsWith("GET /whoami forged", "GET " + METADATA_PATH + " -", "GET /whoami forged");
        assertThat(assertions).as("one new token per refused request").hasValue(2);
    }

    private static void assertError(HttpResponse<String> response, int status, String error) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue(HttpHeaders.CACHE_CONTROL)).hasValue("no-store");
        assertThat(JSONObjectUtils.parse(response.body())).containsEntry("error", error).containsKey("error_description");
    }
}
