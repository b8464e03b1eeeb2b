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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RestClient interceptor and the WebClient filter against a resource on 127.0.0.1 (plain HTTP) that is also its
 * authorization server, for what a well-behaved resource never does: metadata too large, on another origin, or
 * failing. Each time the 401 comes back as it came and no token is requested.
 */
class AccessTokenBearerClientsTests {

    private static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

    private HttpServer server;

    private String origin;

    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private volatile String resourceMetadata;

    private volatile int metadataStatus = 200;

    private volatile String metadata;

    @BeforeEach
    void start() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", this::answer);
        this.server.start();
        this.origin = "http://127.0.0.1:" + this.server.getAddress().getPort();
        this.resourceMetadata = this.origin + METADATA_PATH;
        this.metadata = "{\"resource\":\"" + this.origin + "\",\"authorization_servers\":[\"" + this.origin + "\"]}";
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        this.hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        if (path.equals(METADATA_PATH)) {
            send(exchange, this.metadataStatus, this.metadata);
        }
        else if (path.equals("/token")) {
            send(exchange, 200, "{\"access_token\":\"token\",\"token_type\":\"Bearer\",\"expires_in\":300}");
        }
        else if ("Bearer token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 200, "hello");
        }
        else {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer resource_metadata=\"" + this.resourceMetadata + "\"");
            send(exchange, 401, "refused");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A GET of /api through the stack's client with the access token filter, as status and body. */
    private String get(String stack) {
        URI issuer = URI.create(this.origin);
        TrustedAuthorizationServer trusted = new TrustedAuthorizationServer(issuer, HttpClient.newHttpClient(), i -> Map.of(),
                issuer.resolve("/token"));
        AccessTokens tokens = new AccessTokens(List.of(trusted), Duration.ofSeconds(30), Clock.systemUTC());
        if (stack.equals("RestClient")) {
            return RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory())
                .requestInterceptor(new AccessTokenBearerInterceptor(tokens, null))
                .build()
                .get().uri(this.origin + "/api")
                .exchange((request, response) -> response.getStatusCode().value() + " "
                        + new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
        }
        return WebClient.builder()
            .clientConnector(new JdkClientHttpConnector())
            .filter(new AccessTokenBearerExchangeFilter(tokens, null))
            .build()
            .get().uri(this.origin + "/api")
            .exchangeToMono(response -> response.bodyToMono(String.class).map(body -> response.statusCode().value() + " " + body))
            .block(Duration.ofSeconds(30));
    }

    private int hits(String path) {
        AtomicInteger count = this.hits.get(path);
        return (count != null) ? count.get() : 0;
    }

    @ParameterizedTest
    @ValueSource(strings = { "RestClient", "WebClient" })
    void aResourceThatNamesItsTrustedServerGetsATokenAndTheRequestAgain(String stack) {
        assertThat(get(stack)).isEqualTo("200 hello");
        assertThat(hits("/api")).isEqualTo(2);
        assertThat(hits(METADATA_PATH)).isEqualTo(1);
        assertThat(hits("/token")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "RestClient", "WebClient" })
    void metadataLargerThanTheLimitIsNotRead(String stack) {
        String padding = " ".repeat(AccessTokenTargets.MAX_METADATA_BYTES);
        this.metadata = "{\"resource\":\"" + this.origin + "\",\"authorization_servers\":[\"" + this.origin + "\"]}" + padding;
        assertThat(get(stack)).isEqualTo("401 refused");
        assertThat(hits(METADATA_PATH)).isEqualTo(1);
        assertThat(hits("/token")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "RestClient", "WebClient" })
    void metadataOnAnotherOriginIsNotFetched(String stack) {
        this.resourceMetadata = "http://localhost:" + this.server.getAddress().getPort() + METADATA_PATH;
        assertThat(get(stack)).isEqualTo("401 refused");
        assertThat(hits(METADATA_PATH)).isZero();
        assertThat(hits("/token")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "RestClient", "WebClient" })
    void metadataThatFailsLeavesThe401(String stack) {
        this.metadataStatus = 500;
        assertThat(get(stack)).isEqualTo("401 refused");
        assertThat(hits(METADATA_PATH)).isEqualTo(1);
        assertThat(hits("/token")).isZero();
    }
}
