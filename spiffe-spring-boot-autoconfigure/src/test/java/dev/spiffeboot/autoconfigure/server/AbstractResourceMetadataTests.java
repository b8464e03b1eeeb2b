package dev.spiffeboot.autoconfigure.server;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.autoconfigure.testing.TokenAttacks;
import dev.spiffeboot.autoconfigure.testing.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RFC 9728 protected resource metadata and the 401 challenge that points to it, with a resource identifier set,
 * on the server a subclass chooses as {@link TestWebServers} says (the servlet chain on Tomcat and on Jetty, the
 * WebFlux chain on Reactor Netty): the same document, byte for byte, at the one URL built from the identifier,
 * whoever asks; {@code resource_metadata} with that URL after the RFC 6750 parameters on every 401 (no token, each
 * bad token of {@link TokenAttacks}); 403s and other paths as they were.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
        "spiffe.security.resource-metadata.resource=" + AbstractResourceMetadataTests.RESOURCE,
        "spiffe.security.resource-metadata.authorization-servers=https://auth.example.com,https://auth.example.com/tenants/b",
        "spiffe.security.resource-metadata.scopes-supported=orders.read,orders.write",
        "spiffe.security.resource-metadata.resource-name=Orders API",
        "spiffe.security.policy.rules[0].name=no-posts", "spiffe.security.policy.rules[0].action=DENY",
        "spiffe.security.policy.rules[0].to[0].methods[0]=POST" })
public abstract class AbstractResourceMetadataTests extends AbstractClientAuthTests {

    static final String RESOURCE = "https://orders.example.com/api";

    static final String METADATA_PATH = "/.well-known/oauth-protected-resource/api";

    static final String METADATA_URL = "https://orders.example.com" + METADATA_PATH;

    /** The document, as Spring Security's servlet filter writes it; the WebFlux filter must write the same. */
    static final String DOCUMENT = "{\"resource\":\"https://orders.example.com/api\",\"bearer_methods_supported\":[\"header\"],"
            + "\"tls_client_certificate_bound_access_tokens\":false,"
            + "\"authorization_servers\":[\"https://auth.example.com\",\"https://auth.example.com/tenants/b\"],"
            + "\"scopes_supported\":[\"orders.read\",\"orders.write\"],\"resource_name\":\"Orders API\"}";

    private static final Pattern CHALLENGE = Pattern.compile(
            "Bearer error=\"invalid_token\", error_description=\"([^\"]+)\", resource_metadata=\"([^\"]+)\"");

    private static TokenForge forge;

    private static final TokenAttacks ATTACKS = new TokenAttacks(() -> forge, CLIENT, SERVER, INTRUDER);

    @Autowired
    WebServerApplicationContext context;

    /** The server the subclass runs the tests on. */
    protected abstract Class<? extends WebServer> webServerType();

    @BeforeAll
    static void forge() throws Exception {
        forge = TokenForge.ofDevAgent(agent.directory().resolve("ca"), "example.org");
    }

    static Stream<Arguments> attacks() {
        return ATTACKS.all();
    }

    /** The members of a JSON object, read with Jackson (the WebFlux filter writes with another library). */
    private static Map<String, Object> json(String body) {
        return JsonMapper.builder().build().readValue(body, new TypeReference<Map<String, Object>>() {
        });
    }

    private HttpsProbe.Response get(String path, SSLContext tls, String... headers) throws IOException {
        return HttpsProbe.send(this.port, "GET", path, List.of(headers), tls);
    }

    @Test
    void runsOnTheChosenServer() {
        assertThat(this.context.getWebServer()).isInstanceOf(webServerType());
    }

    @Test
    void startedWithoutWarnings(CapturedOutput output) {
        String all = output.getAll();
        int started = all.indexOf("Started " + getClass().getSimpleName());
        assertThat(started).isPositive();
        assertThat(all.substring(0, started)).doesNotContainPattern("(?m)^\\S+\\s+WARN ");
    }

    @Test
    void theMetadataDocumentDescribesTheResource() throws IOException {
        HttpsProbe.Response response = get(METADATA_PATH, tlsOnly());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.body()).isEqualTo(DOCUMENT);
        assertThat(json(response.body())).containsOnly(
                Map.entry("resource", RESOURCE),
                Map.entry("authorization_servers", List.of("https://auth.example.com", "https://auth.example.com/tenants/b")),
                Map.entry("scopes_supported", List.of("orders.read", "orders.write")),
                Map.entry("bearer_methods_supported", List.of("header")),
                Map.entry("resource_name", "Orders API"),
                Map.entry("tls_client_certificate_bound_access_tokens", false));
    }

    @Test
    void theMetadataIsServedBeforeAuthenticationAndAuthorization() throws IOException {
        assertThat(get(METADATA_PATH, mtlsAs(CLIENT)).body()).isEqualTo(DOCUMENT);
        assertThat(get(METADATA_PATH, tlsOnly(), "Authorization: Bearer abc.def").body()).isEqualTo(DOCUMENT);
    }

    @Test
    void aRequestWithoutIdentityGets401PointingToTheMetadata() throws IOException {
        HttpsProbe.Response response = get("/peer", tlsOnly());
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("www-authenticate")).containsExactly("Bearer resource_metadata=\"" + METADATA_URL + "\"");
        assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"authentication required\",\"instance\":\"/peer\",\"caller\":\"anonymous\"}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void aBadTokenGets401WithTheRfc6750ParametersAndTheMetadata(String name, Supplier<List<String>> tokens, String reason)
            throws IOException {
        List<String> headers = tokens.get().stream().map(token -> "Authorization: Bearer " + token).toList();
        HttpsProbe.Response response = HttpsProbe.send(this.port, "GET", "/peer", headers, tlsOnly());
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("www-authenticate")).hasSize(1);
        Matcher challenge = CHALLENGE.matcher(response.header("WWW-Authenticate"));
        assertThat(challenge.matches()).as(response.header("WWW-Authenticate")).isTrue();
        assertThat(challenge.group(1)).contains(reason);
        assertThat(challenge.group(2)).isEqualTo(METADATA_URL);
        assertThat(response.body()).contains("\"detail\":\"" + challenge.group(1) + "\"");
    }

    @Test
    void theUrlInTheChallengeServesTheDocumentOfTheResourceItWasBuiltFrom() throws IOException {
        String header = get("/peer", tlsOnly()).header("WWW-Authenticate");
        URI url = URI.create(header.substring(header.indexOf('"') + 1, header.lastIndexOf('"')));
        URI resource = URI.create(RESOURCE);
        assertThat(url.getScheme() + "://" + url.getAuthority()).isEqualTo(resource.getScheme() + "://" + resource.getAuthority());
        assertThat(url.getPath()).isEqualTo("/.well-known/oauth-protected-resource" + resource.getPath());
        HttpsProbe.Response document = get(url.getPath(), tlsOnly());
        assertThat(json(document.body())).containsEntry("resource", RESOURCE);
    }

    @Test
    void aRefusedCallerStillGets403WithoutAChallenge() throws IOException {
        HttpsProbe.Response response = HttpsProbe.send(this.port, "POST", "/peer", List.of("Content-Length: 0"), mtlsAs(CLIENT));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.headers()).doesNotContainKey("www-authenticate");
        assertThat(response.body()).contains("\"status\":403");
    }

    @Test
    void otherPathsUnderTheWellKnownOneAreNotTheMetadata() throws IOException {
        for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/other",
                "/.well-known/oauth-protected-resource/api/more")) {
            assertThat(get(path, mtlsAs(CLIENT)).status()).as(path).isEqualTo(404);
            HttpsProbe.Response anonymous = get(path, tlsOnly());
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer resource_metadata=\"" + METADATA_URL + "\"");
        }
    }
}
