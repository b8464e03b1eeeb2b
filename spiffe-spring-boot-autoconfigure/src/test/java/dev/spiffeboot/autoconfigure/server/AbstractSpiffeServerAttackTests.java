package dev.spiffeboot.autoconfigure.server;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
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

    private static final String OTHER = "spiffe://example.org/other";

    private static TokenForge forge;

    @Autowired
    WebServerApplicationContext context;

    /** The server the subclass runs the tests on. */
    protected abstract Class<? extends WebServer> webServerType();

    @BeforeAll
    static void forge() throws Exception {
        forge = TokenForge.ofDevAgent(agent.directory().resolve("ca"), "example.org");
    }

    /** Claims the server accepts: from {@link #CLIENT}, for the server, valid for five minutes. */
    private static JWTClaimsSet.Builder valid() {
        return TokenForge.claims(CLIENT, List.of(SERVER), Duration.ofMinutes(5));
    }

    static Stream<Arguments> attacks() {
        return Stream.of(
                attack("alg none", () -> TokenForge.unsigned(valid().build()), "unsupported token algorithm 'none'"),
                attack("HS256 keyed with the public key", () -> forge.hs256WithThePublicKey(valid().build()),
                        "unsupported token algorithm 'HS256'"),
                attack("no kid", () -> forge.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).build(), valid().build()),
                        "no 'kid'"),
                attack("unknown kid", () -> forge.sign(forge.header().keyID("made-up").build(), valid().build()),
                        "no JWT authority 'made-up' found for trust domain 'example.org'"),
                attack("foreign trust domain", () -> forge.sign(valid().subject("spiffe://elsewhere.test/client").build()),
                        "no JWT bundle for trust domain 'elsewhere.test'"),
                attack("expired", () -> forge.sign(TokenForge.claims(CLIENT, List.of(SERVER), Duration.ofHours(-2)).build()),
                        "token expired at "),
                attack("wrong audience", () -> forge.sign(valid().audience(List.of(OTHER)).build()),
                        "expected audience in [" + SERVER + "] (audience=[" + OTHER + "])"),
                attack("subject not a SPIFFE ID", () -> forge.sign(valid().subject("https://example.org/client").build()),
                        "token subject is not a SPIFFE ID"),
                attack("tampered claims", () -> TokenForge.tampered(forge.sign(valid().build()), valid().subject(INTRUDER).build()),
                        "does not verify"),
                attack("not a JWT", () -> "abc.def", "not a JWS in compact serialization"),
                attack("oversized", () -> "a".repeat(7000), "more than the 6144 accepted"),
                Arguments.of("two Authorization headers",
                        (Supplier<List<String>>) () -> List.of(forge.sign(valid().build()), forge.sign(valid().build())),
                        "more than one Authorization header"));
    }

    private static Arguments attack(String name, Supplier<String> token, String reason) {
        return Arguments.of(name, (Supplier<List<String>>) () -> List.of(token.get()), reason);
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
        HttpsProbe.Response response = call(tlsOnly(), List.of(forge.sign(valid().build())));
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
