package dev.spiffeboot.autoconfigure.server;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.testing.HttpsProbe;
import dev.spiffeboot.autoconfigure.testing.TokenAttacks;
import dev.spiffeboot.autoconfigure.testing.TokenForge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks with bearer tokens on the SPIFFE security chain and its JWT-SVID authentication, on the server a subclass
 * chooses as {@link TestWebServers} says: the servlet chain on Tomcat and on Jetty, the WebFlux chain on Reactor
 * Netty. Unsigned ({@code alg: none}) and HS256-with-the-public-key tokens, a missing or unknown {@code kid}, a
 * foreign trust domain, an expired token, a wrong audience, a subject that is no SPIFFE ID, tampered claims, no JWT
 * at all, an oversized token and two {@code Authorization} headers: each gets exactly 401 (never a 5xx) with
 * {@code WWW-Authenticate: Bearer error="invalid_token", error_description="..."} naming the reason, and the same
 * reason in an {@code application/problem+json} body, whether or not the caller also presents an authorized X509-SVID
 * (optional client certificates). Each forged token differs from one the server accepts
 * ({@link #theForgeMakesTokensTheServerAccepts()}) in the one respect its case names.
 * <p>
 * The attacks on the mTLS handshake (another ID, an untrusted CA, no client certificate) are in
 * {@link AbstractSpiffeServerMtlsTests}, {@link AbstractClientAuthWantTests} and
 * {@link AbstractClientAuthWantBehindSecurityChainTests}, run on the same three servers.
 */
@TestPropertySource(properties = { "spiffe.server.enabled=true", "spiffe.server.client-auth=want",
        "spiffe.server.authorized-ids=spiffe://example.org/client" })
public abstract class AbstractSpiffeServerAttackTests extends AbstractClientAuthTests {

    private static final String CHALLENGE = "Bearer error=\"invalid_token\", error_description=\"";

    private static TokenForge forge;

    @Autowired
    WebServerApplicationContext context;

    /** The server the subclass runs the tests on. */
    protected abstract Class<? extends WebServer> webServerType();

    @BeforeAll
    static void forge() throws Exception {
        forge = TokenForge.ofDevAgent(agent.directory().resolve("ca"), "example.org");
    }

    private static final TokenAttacks ATTACKS = new TokenAttacks(() -> forge, CLIENT, SERVER, INTRUDER);

    static Stream<Arguments> attacks() {
        return ATTACKS.all();
    }

    /** {@code GET /peer} with an {@code Authorization} header for each token. */
    private HttpsProbe.Response call(SSLContext tls, List<String> tokens) throws IOException {
        List<String> headers = tokens.stream().map(token -> "Authorization: Bearer " + token).toList();
        return HttpsProbe.send(this.port, "GET", "/peer", headers, tls);
    }

    @Test
    void runsOnTheChosenServer() {
        assertThat(this.context.getWebServer()).isInstanceOf(webServerType());
    }

    @Test
    void theForgeMakesTokensTheServerAccepts() throws IOException {
        HttpsProbe.Response response = call(tlsOnly(), List.of(ATTACKS.validToken()));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("none");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void aBadTokenGets401NamingTheReason(String name, Supplier<List<String>> tokens, String reason) throws IOException {
        assertRefused(call(tlsOnly(), tokens.get()), reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void aBadTokenGets401AlongsideAnAuthorizedClientCertificate(String name, Supplier<List<String>> tokens, String reason)
            throws IOException {
        assertRefused(call(mtlsAs(CLIENT), tokens.get()), reason);
    }

    /** 401 with the RFC 6750 challenge naming the reason, and the same reason as the problem detail. */
    private static void assertRefused(HttpsProbe.Response response, String reason) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("www-authenticate")).hasSize(1);
        String challenge = response.header("WWW-Authenticate");
        assertThat(challenge).startsWith(CHALLENGE).endsWith("\"").contains(reason);
        String description = challenge.substring(CHALLENGE.length(), challenge.length() - 1);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
                + description + "\",\"instance\":\"/peer\",\"caller\":\"anonymous\"}");
    }
}
