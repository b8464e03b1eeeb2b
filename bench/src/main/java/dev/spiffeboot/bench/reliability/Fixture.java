package dev.spiffeboot.bench.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocketFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Endpoint;
import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.Backoff;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.SourceState;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Everything a reliability scenario runs on, all on loopback in this process: a dev agent for example.org serving
 * the application ({@code spiffe://example.org/server}), its client, an intruder (an ID of the trust domain that the
 * server does not authorize) and the client again with JWT-SVIDs that expired an hour ago; a second dev agent with
 * another CA for the same trust domain (certificates and JWT keys nobody trusts); the {@link ReliabilityApplication};
 * and the clients' sources and TLS contexts.
 */
final class Fixture implements AutoCloseable {

    static final String SERVER = "spiffe://example.org/server";

    static final String CLIENT = ReliabilityApplication.CLIENT;

    static final String INTRUDER = "spiffe://example.org/intruder";

    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);

    private final Path directory;

    private final List<AutoCloseable> resources = new ArrayList<>();

    private DevAgent agent;

    private ConfigurableApplicationContext application;

    private X509Source client;

    private JwtSource clientTokens;

    private X509Source intruder;

    private X509Source foreign;

    private String expiredToken;

    private String foreignKeyToken;

    private Fixture(Path directory) {
        this.directory = directory;
    }

    /**
     * Starts the agents, the application and the clients' sources.
     *
     * @param backoffCap the reconnect backoff cap of every source ({@code spiffe.workload-api.reconnect-max-backoff})
     * @param healthThreshold how long the Workload API may be unreachable before the health is DOWN
     */
    static Fixture start(Duration backoffCap, Duration healthThreshold) throws IOException {
        Fixture fixture = new Fixture(Files.createTempDirectory("spiffe-reliability"));
        try {
            fixture.startAll(backoffCap, healthThreshold);
        }
        catch (IOException | RuntimeException ex) {
            fixture.close();
            throw ex;
        }
        return fixture;
    }

    private void startAll(Duration backoffCap, Duration healthThreshold) throws IOException {
        TrustDomain example = TrustDomain.parse("example.org");
        this.agent = keep(DevAgent.start(DevAgentConfig.builder(example, this.directory.resolve("ca"))
            .endpoint(Endpoint.unix(this.directory.resolve("server.sock"), Identity.of(SERVER)))
            .endpoint(Endpoint.unix(this.directory.resolve("client.sock"), Identity.of(CLIENT)))
            .endpoint(Endpoint.unix(this.directory.resolve("intruder.sock"), Identity.of(INTRUDER)))
            .endpoint(Endpoint.unix(this.directory.resolve("expired.sock"), new Identity(SpiffeId.parse(CLIENT), "", null, null, true)))
            .build()));
        DevAgent foreignAgent = keep(DevAgent.start(DevAgentConfig.builder(example, this.directory.resolve("foreign-ca"))
            .endpoint(Endpoint.unix(this.directory.resolve("foreign.sock"), Identity.of(CLIENT)))
            .build()));
        this.application = keep(new SpringApplicationBuilder(ReliabilityApplication.class)
            .properties("server.address=127.0.0.1", "server.port=0", "spring.main.banner-mode=off", "logging.level.root=warn",
                    "spiffe.workload-api.address=" + this.agent.address(0),
                    "spiffe.workload-api.reconnect-initial-backoff=" + INITIAL_BACKOFF.toMillis() + "ms",
                    "spiffe.workload-api.reconnect-max-backoff=" + backoffCap.toMillis() + "ms",
                    "spiffe.server.enabled=true", "spiffe.server.client-auth=want", "spiffe.server.authorized-ids=" + CLIENT,
                    "management.health.spiffe.unreachable-threshold=" + healthThreshold.toMillis() + "ms")
            .run());
        Backoff backoff = Backoff.of(INITIAL_BACKOFF, 2.0, backoffCap, 0.2);
        this.client = keep(X509Source.builder().address(this.agent.address(1)).backoff(backoff).build());
        this.clientTokens = keep(JwtSource.builder().address(this.agent.address(1)).backoff(backoff).build());
        this.intruder = keep(X509Source.builder().address(this.agent.address(2)).backoff(backoff).build());
        this.foreign = keep(X509Source.builder().address(foreignAgent.address(0)).backoff(backoff).build());
        this.expiredToken = oneToken(this.agent.address(3));
        this.foreignKeyToken = oneToken(foreignAgent.address(0));
    }

    private static String oneToken(WorkloadApiAddress address) {
        try (WorkloadApiClient workloadApi = WorkloadApiClient.create(address)) {
            return workloadApi.fetchJwtSvid(List.of(SERVER)).token();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        this.resources.add(resource);
        return resource;
    }

    /** The application's HTTPS port. */
    int port() {
        return Integer.parseInt(this.application.getEnvironment().getProperty("local.server.port"));
    }

    DevAgent agent() {
        return this.agent;
    }

    ConfigurableApplicationContext application() {
        return this.application;
    }

    /** The application's {@code spiffe} health indicator. */
    HealthIndicator health() {
        return this.application.getBean("spiffeHealthIndicator", HealthIndicator.class);
    }

    /** The client's X509-SVID over mTLS, calling {@code /mtls}: 200. */
    ClientRole mtls() {
        return new ClientRole("mtls", mtlsWith(this.client), "/mtls", null, ClientRole.Expect.OK);
    }

    /** The client's JWT-SVID over TLS without a client certificate, calling {@code /jwt}: 200. */
    ClientRole jwt() {
        return new ClientRole("jwt", tls(), "/jwt", () -> "Bearer " + this.clientTokens.fetchJwtSvid(SERVER).token(),
                ClientRole.Expect.OK);
    }

    /** Tokens the server must refuse with 401: expired, for another audience, forged, signed by an unknown key, respelled. */
    List<ClientRole> refusedTokens() {
        SSLSocketFactory tls = tls();
        String forged = forged(this.clientTokens.fetchJwtSvid(SERVER).token());
        return List.of(
                new ClientRole("expired-token", tls, "/jwt", () -> "Bearer " + this.expiredToken, ClientRole.Expect.UNAUTHORIZED),
                new ClientRole("wrong-audience-token", tls, "/jwt",
                        () -> "Bearer " + this.clientTokens.fetchJwtSvid("spiffe://example.org/elsewhere").token(),
                        ClientRole.Expect.UNAUTHORIZED),
                new ClientRole("forged-token", tls, "/jwt", () -> "Bearer " + forged, ClientRole.Expect.UNAUTHORIZED),
                new ClientRole("unknown-key-token", tls, "/jwt", () -> "Bearer " + this.foreignKeyToken, ClientRole.Expect.UNAUTHORIZED),
                new ClientRole("padded-token", tls, "/jwt", () -> "Bearer " + this.clientTokens.fetchJwtSvid(SERVER).token() + "==",
                        ClientRole.Expect.UNAUTHORIZED));
    }

    /** Certificates the server must refuse in the handshake: the client's ID from another CA, an unauthorized ID. */
    List<ClientRole> refusedCertificates() {
        return List.of(new ClientRole("other-ca-certificate", mtlsWith(this.foreign), "/mtls", null, ClientRole.Expect.HANDSHAKE_REFUSED),
                new ClientRole("unauthorized-id-certificate", mtlsWith(this.intruder), "/mtls", null,
                        ClientRole.Expect.HANDSHAKE_REFUSED));
    }

    /** A token whose claims name another subject under the original signature. */
    private static String forged(String token) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace(CLIENT, "spiffe://example.org/admin");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    /** mTLS with the given SVIDs; the server is authenticated with the client's (genuine) bundles. */
    private SSLSocketFactory mtlsWith(X509Source svids) {
        return SpiffeSslContexts.mtlsClient(svids, this.client, Authorizer.id(SpiffeId.parse(SERVER))).getSocketFactory();
    }

    private SSLSocketFactory tls() {
        return SpiffeSslContexts.tlsClient(this.client, Authorizer.id(SpiffeId.parse(SERVER))).getSocketFactory();
    }

    /** The sources whose reconnection the scenarios time: the application's and the clients'. */
    List<NamedSource> sources() {
        return List.of(new NamedSource("application X509Source", this.application.getBean(X509Source.class)::state),
                new NamedSource("application JwtSource", this.application.getBean(JwtSource.class)::state),
                new NamedSource("client X509Source", this.client::state),
                new NamedSource("client JwtSource", this.clientTokens::state));
    }

    @Override
    public void close() {
        for (int i = this.resources.size() - 1; i >= 0; i--) {
            try {
                this.resources.get(i).close();
            }
            catch (Exception ex) {
                System.err.println("closing " + this.resources.get(i) + " failed: " + ex);
            }
        }
        try (Stream<Path> files = Files.walk(this.directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            System.err.println("could not delete " + this.directory + ": " + ex);
        }
    }

    /** A source's state, by name. */
    record NamedSource(String name, Supplier<SourceState> state) {
    }
}
