package dev.spiffeboot.security.oauth2.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Access tokens from a token endpoint on 127.0.0.1 (plain HTTP, as a loopback development issuer may be). */
class AccessTokensTests {

    private HttpServer server;

    private final AtomicInteger issued = new AtomicInteger();

    private URI issuer;

    @BeforeEach
    void start() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"access_token\":\"token-" + this.issued.incrementAndGet() + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        this.server.start();
        this.issuer = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    private TrustedAuthorizationServer trusted(ClientAssertion assertion) {
        return new TrustedAuthorizationServer(this.issuer, HttpClient.newHttpClient(), assertion, this.issuer.resolve("/token"));
    }

    @Test
    void aTokenIsKeptForTheResourceAndForgottenWhenRefused() {
        TrustedAuthorizationServer trusted = trusted(issuer -> Map.of());
        AccessTokens tokens = new AccessTokens(List.of(trusted), Duration.ofSeconds(30), Clock.systemUTC());
        URI resource = URI.create("https://service-b.example.com");
        assertThat(tokens.token(trusted, resource).value()).isEqualTo("token-1");
        assertThat(tokens.token(trusted, resource).value()).isEqualTo("token-1");
        assertThat(tokens.kept(trusted, resource)).map(AccessToken::value).hasValue("token-1");
        tokens.forget(trusted, resource, "token-0");
        assertThat(tokens.kept(trusted, resource)).as("another token refused: this one is kept").isPresent();
        tokens.forget(trusted, resource, "token-1");
        assertThat(tokens.kept(trusted, resource)).isEmpty();
        assertThat(tokens.token(trusted, resource).value()).isEqualTo("token-2");
    }

    /** A failure that is no exception (an Error of the assertion's code) used to leave the request pending forever. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aTokenRequestThatFailedWithAnErrorDoesNotBlockTheNextOne() {
        AtomicInteger calls = new AtomicInteger();
        TrustedAuthorizationServer trusted = trusted(issuer -> {
            if (calls.incrementAndGet() == 1) {
                throw new AssertionError("the assertion's code failed");
            }
            return Map.of();
        });
        AccessTokens tokens = new AccessTokens(List.of(trusted), Duration.ofSeconds(30), Clock.systemUTC());
        URI resource = URI.create("https://service-b.example.com");
        assertThatThrownBy(() -> tokens.token(trusted, resource)).isInstanceOf(AssertionError.class);
        assertThat(tokens.kept(trusted, resource)).isEmpty();
        assertThat(tokens.token(trusted, resource).value()).isEqualTo("token-1");
    }

    @Test
    void aTokenEndpointThatRefusesIsAnAccessTokenException() {
        this.server.removeContext("/token");
        TrustedAuthorizationServer trusted = trusted(issuer -> Map.of());
        AccessTokens tokens = new AccessTokens(List.of(trusted), Duration.ofSeconds(30), Clock.systemUTC());
        assertThatThrownBy(() -> tokens.token(trusted, URI.create("https://service-b.example.com")))
            .isInstanceOf(AccessTokenException.class)
            .hasMessageContaining("answered 404");
    }
}
