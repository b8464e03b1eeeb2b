package dev.spiffeboot.sample.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.tls.SpiffeTls;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The scenarios of go-spiffe's examples and of the sample server's policy, each with the outcome a correct
 * server and client produce. The HTTP scenarios go through one {@link HttpStack} (RestClient or WebClient), whose
 * clients are configured with the starter's customizers only; the gRPC ones are {@link GrpcScenarios}, the OAuth
 * ones {@link OAuthScenarios}.
 */
final class Scenarios {

    private static final String SERVICE_B = "spiffe://example.org/service-b";

    private static final String SERVICE_C = "spiffe://example.org/service-c";

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SampleClientProperties properties;

    private final HttpStack<?> http;

    private final X509Source x509Source;

    private final JwtSource jwtSource;

    private final GrpcScenarios grpc;

    private final OAuthScenarios oauth;

    Scenarios(SampleClientProperties properties, HttpStack<?> http, X509Source x509Source, JwtSource jwtSource, GrpcScenarios grpc,
            OAuthScenarios oauth) {
        this.properties = properties;
        this.http = http;
        this.x509Source = x509Source;
        this.jwtSource = jwtSource;
        this.grpc = grpc;
        this.oauth = oauth;
    }

    List<Scenario> all() {
        String server = this.properties.serverId();
        HttpGet mtls = this.http.mtls(server);
        HttpGet mtlsWithToken = this.http.mtlsWithToken(server, server);
        HttpGet tls = this.http.tls(server);
        List<Scenario> httpScenarios = List.of(
                http("mTLS, both sides authorize IDs", "200 Success!!!", mtls, "/mtls/hello", success()),
                http("TLS + JWT-SVID (local bundles)", "200 Success!!!", tlsWithToken(server), "/jwt/hello", success()),
                http("TLS + JWT-SVID (Workload API validation)", "200 Success!!!", tlsWithToken(server), "/jwt/agent-validated",
                        success()),
                new Scenario("TLS + JWT-SVID, two spaces after \"Bearer\"", "200 Success!!!", this::spacedBearer),
                new Scenario("raw mTLS socket", "Hello client", this::helloSocket),
                http("audience: service B", "200 Success!!!", tlsWithToken(SERVICE_B), "/service-b/hello", success()),
                http("audience: service C", "200 Success!!!", tlsWithToken(SERVICE_C), "/service-c/hello", success()),
                http("audience: B's token at C", "403", tlsWithToken(SERVICE_B), "/service-c/hello", status(403)),
                http("policy: peer ID only", "200 Success!!!", mtls, "/policy/peer-only", success()),
                http("policy: peer ID and request principal", "200 Success!!!", mtlsWithToken, "/policy/peer-and-token", success()),
                http("policy: peer ID without the token", "403", mtls, "/policy/peer-and-token", status(403)),
                http("policy: open health endpoint", "200", tls, "/actuator/health", status(200)),
                http("policy: no rule (default deny)", "403", mtls, "/policy/unlisted", status(403)),
                http("wrong audience", "401 expected audience in [...]", tlsWithToken("spiffe://example.org/some-other-server"),
                        "/jwt/hello", unauthorized("expected audience in [")),
                new Scenario("expired token", "401 token expired at ...", this::expiredToken),
                new Scenario("client expects another server ID", "handshake fails: unexpected ID", this::wrongServerId),
                new Scenario("client with a wrong identity", "refused by the server", this::wrongIdentity));
        return Stream.of(httpScenarios, this.grpc.all(), this.oauth.all()).flatMap(List::stream).toList();
    }

    private HttpGet tlsWithToken(String audience) {
        return this.http.tlsWithToken(this.properties.serverId(), audience);
    }

    private static Scenario http(String name, String expected, HttpGet client, String path, Predicate<HttpOutcome> check) {
        return new Scenario(name, expected, () -> {
            HttpOutcome outcome = client.get(path);
            return Outcome.expected(check.test(outcome), outcome.describe());
        });
    }

    private static Predicate<HttpOutcome> success() {
        return outcome -> outcome.status() == 200 && outcome.body().startsWith("Success!!!");
    }

    private static Predicate<HttpOutcome> status(int status) {
        return outcome -> outcome.status() == status;
    }

    /** A 401 whose {@code WWW-Authenticate} challenge says the reason. */
    static Predicate<HttpOutcome> unauthorized(String reason) {
        return outcome -> outcome.status() == 401 && outcome.challenge().contains(reason);
    }

    private Outcome helloSocket() throws IOException {
        SSLContext tls = SpiffeSslContexts.mtlsClient(this.x509Source, this.x509Source,
                Authorizer.id(SpiffeId.parse(this.properties.serverId())));
        try (SSLSocket socket = SpiffeTls.dial(socketAddress(), tls, TIMEOUT)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write("Hello server\n".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            return Outcome.expected("Hello client".equals(answer), "the server said: " + answer);
        }
    }

    /** RFC 6750 allows more than one space after the scheme; the server must not re-parse the header by hand. */
    private Outcome spacedBearer() {
        String token = this.jwtSource.fetchJwtSvid(this.properties.serverId()).token();
        HttpOutcome outcome = this.http.tls(this.properties.serverId()).get("/jwt/agent-validated", "Bearer  " + token);
        return Outcome.expected(success().test(outcome), outcome.describe());
    }

    private Outcome expiredToken() {
        if (this.properties.expiredWorkloadApi() == null) {
            return Outcome.skipped("set sample.expired-workload-api");
        }
        try (WorkloadApiClient expired = WorkloadApiClient.create(WorkloadApiAddress.parse(this.properties.expiredWorkloadApi()))) {
            String token = expired.fetchJwtSvid(List.of(this.properties.serverId())).token();
            HttpOutcome outcome = this.http.tls(this.properties.serverId()).get("/jwt/hello", "Bearer " + token);
            return Outcome.expected(unauthorized("token expired at ").test(outcome), outcome.describe());
        }
    }

    private Outcome wrongServerId() {
        HttpGet wrong = this.http.mtls("spiffe://example.org/not-the-server");
        try {
            HttpOutcome outcome = wrong.get("/mtls/hello");
            return Outcome.expected(false, "the request went through: " + outcome.describe());
        }
        catch (RuntimeException ex) {
            String reason = rootMessage(ex);
            return Outcome.expected(reason.contains("unexpected ID \"" + this.properties.serverId() + "\""), "handshake failed: " + reason);
        }
    }

    private Outcome wrongIdentity() throws IOException {
        if (this.properties.intruderWorkloadApi() == null) {
            return Outcome.skipped("set sample.intruder-workload-api");
        }
        try (X509Source intruder = X509Source.builder().address(WorkloadApiAddress.parse(this.properties.intruderWorkloadApi())).build()) {
            SSLContext tls = SpiffeSslContexts.mtlsClient(intruder, intruder, Authorizer.id(SpiffeId.parse(this.properties.serverId())));
            try (SSLSocket socket = SpiffeTls.dial(serverHttpsAddress(), tls, TIMEOUT)) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                socket.getOutputStream().write("GET /mtls/hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                return Outcome.expected(false, intruder.x509Svid().id() + " got an answer: " + statusLine);
            }
            catch (IOException ex) {
                return Outcome.expected(true, intruder.x509Svid().id() + " was refused during the handshake: " + rootMessage(ex));
            }
        }
    }

    private InetSocketAddress socketAddress() {
        return new InetSocketAddress(this.properties.socketHost(), this.properties.socketPort());
    }

    private InetSocketAddress serverHttpsAddress() {
        java.net.URI uri = java.net.URI.create(this.properties.serverUrl());
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
