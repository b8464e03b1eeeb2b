package dev.spiffeboot.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * OAuth clients that publish client ID metadata documents on 127.0.0.1, over http or https, for the tests of the
 * verifier of their tokens: each path answers what the test set (by default a valid document and the JWK Set it
 * points to), every request to a path is counted, and tokens are signed with the newest EC key (ES256) with
 * {@code iss} = {@code sub} = the client ID.
 */
public final class TestClientMetadataServer implements AutoCloseable {

    /** The path of the JWK Set the default documents point to. */
    public static final String JWKS_PATH = "/jwks.json";

    /**
     * What a path answers.
     *
     * @param delay how long the answer waits before its headers
     * @param gate an answer waits for it to open first, or {@code null}
     */
    public record Answer(int status, Map<String, String> headers, byte[] body, Duration delay, CountDownLatch gate) {

        public static Answer json(String json) {
            return new Answer(200, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8), Duration.ZERO, null);
        }

        public Answer status(int status) {
            return new Answer(status, this.headers, this.body, this.delay, this.gate);
        }

        public Answer header(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(this.headers);
            all.put(name, value);
            return new Answer(this.status, all, this.body, this.delay, this.gate);
        }

        public Answer delay(Duration delay) {
            return new Answer(this.status, this.headers, this.body, delay, this.gate);
        }

        public Answer gate(CountDownLatch gate) {
            return new Answer(this.status, this.headers, this.body, this.delay, gate);
        }
    }

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final String scheme;

    private final String host;

    private final Map<String, Supplier<Answer>> answers = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    private final List<ECKey> keys = new CopyOnWriteArrayList<>();

    private volatile Clock clock = Clock.systemUTC();

    private TestClientMetadataServer(HttpServer server, String scheme, String host) {
        this.server = server;
        this.scheme = scheme;
        this.host = host;
        this.keys.add(newKey());
        server.createContext("/", this::handle);
        server.setExecutor(this.executor);
        server.start();
        answer(JWKS_PATH, () -> Answer.json(publicKeys().toString()));
    }

    /** A server of plain http on 127.0.0.1, its URLs naming host 127.0.0.1. */
    public static TestClientMetadataServer http() throws IOException {
        return new TestClientMetadataServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
                "http", "127.0.0.1");
    }

    /**
     * A server of https on 127.0.0.1.
     *
     * @param tls the server's TLS
     * @param host the host its URLs name (made to resolve to 127.0.0.1 by the test)
     */
    public static TestClientMetadataServer https(SSLContext tls, String host) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new TestClientMetadataServer(server, "https", host);
    }

    /** The clock that stamps the tokens ({@code iat}, {@code exp}); the system's by default. */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    public int port() {
        return this.server.getAddress().getPort();
    }

    /** The URL of a path on this server. */
    public String url(String path) {
        return this.scheme + "://" + this.host + ":" + port() + path;
    }

    /** Makes the path answer this (each request asks again). */
    public void answer(String path, Supplier<Answer> answer) {
        this.answers.put(path, answer);
    }

    public void answer(String path, Answer answer) {
        answer(path, () -> answer);
    }

    /** Serves a valid document at the path whose keys are at {@link #JWKS_PATH}; returns the client ID. */
    public String client(String path) {
        answer(path, () -> Answer.json(document(path, false)));
        return url(path);
    }

    /** Serves a valid document at the path with its keys inline; returns the client ID. */
    public String clientWithInlineKeys(String path) {
        answer(path, () -> Answer.json(document(path, true)));
        return url(path);
    }

    /** A valid document for the path (its current keys inline, or its {@code jwks_uri}). */
    public String document(String path, boolean inlineKeys) {
        return document(path, members -> {
            if (inlineKeys) {
                members.put("jwks", publicKeys().toJSONObject());
            }
            else {
                members.put("jwks_uri", url(JWKS_PATH));
            }
        });
    }

    /** A document for the path: a valid one without keys, then changed as the test wants. */
    public String document(String path, Consumer<Map<String, Object>> change) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("client_id", url(path));
        members.put("client_name", "Service A");
        members.put("token_endpoint_auth_method", "private_key_jwt");
        change.accept(members);
        return JSONObjectUtils.toJSONString(members);
    }

    /** How many requests the path has had. */
    public int requests(String path) {
        AtomicInteger count = this.requests.get(path);
        return (count != null) ? count.get() : 0;
    }

    /** Adds a signing key: the new tokens use it, the old keys stay published. */
    public void rotate() {
        this.keys.add(newKey());
    }

    /** The published keys (public parts). */
    public JWKSet publicKeys() {
        List<JWK> published = new ArrayList<>();
        this.keys.forEach(key -> published.add(key.toPublicJWK()));
        return new JWKSet(published);
    }

    /** The claims of a valid token of the client at the path: {@code iss} = {@code sub} = its URL, 5 minutes. */
    public JWTClaimsSet.Builder claims(String path, String audience) {
        Instant now = this.clock.instant();
        return new JWTClaimsSet.Builder().issuer(url(path))
            .subject(url(path))
            .audience(audience)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
            .jwtID(UUID.randomUUID().toString());
    }

    /** A valid token of the client at the path, signed with the newest key. */
    public String token(String path, String audience) {
        return sign(claims(path, audience).build());
    }

    /** The claims signed with the newest key. */
    public String sign(JWTClaimsSet claims) {
        return sign(claims, this.keys.get(this.keys.size() - 1));
    }

    /** The claims signed with a key this server never published. */
    public String signWithUnpublishedKey(JWTClaimsSet claims) {
        return sign(claims, newKey());
    }

    private static String sign(JWTClaimsSet claims, ECKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream ignored = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getRawPath();
            this.requests.computeIfAbsent(path, key -> new AtomicInteger()).incrementAndGet();
            Supplier<Answer> answer = this.answers.get(path);
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Answer reply = answer.get();
            if (reply.gate() != null && !reply.gate().await(30, TimeUnit.SECONDS)) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            // "Transfer-Encoding: chunked" asks for a body without a length, which the JDK server then chunks itself
            boolean chunked = reply.headers().containsKey("Transfer-Encoding");
            reply.headers().forEach((name, value) -> {
                if (!name.equals("Transfer-Encoding")) {
                    exchange.getResponseHeaders().set(name, value);
                }
            });
            exchange.sendResponseHeaders(reply.status(), chunked ? 0 : (reply.body().length == 0) ? -1 : reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        this.server.stop(0);
        this.executor.shutdownNow();
    }
}
