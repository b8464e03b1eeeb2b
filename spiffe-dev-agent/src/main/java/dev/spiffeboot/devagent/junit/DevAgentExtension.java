package dev.spiffeboot.devagent.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Endpoint;
import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;

/**
 * Runs a dev Workload API for JUnit 5 tests, each identity on its own socket in a fresh temporary directory.
 * Registered on a static field it lives for the test class; on an instance field, for each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static DevAgentExtension agent = DevAgentExtension.builder()
 *         .identity("spiffe://example.org/server")
 *         .identity("spiffe://example.org/client")
 *         .build();
 *
 * @Test
 * void fetchesAnSvid() {
 *     try (X509Source source = X509Source.builder().address(agent.address("spiffe://example.org/client")).build()) { ... }
 * }
 * }</pre>
 */
public final class DevAgentExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final Builder settings;

    private Path directory;

    private DevAgent agent;

    private boolean perClass;

    private DevAgentExtension(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        this.perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!this.perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!this.perClass) {
            stop();
        }
    }

    private void start() throws IOException {
        // a short path: Unix socket paths are limited to about 100 bytes
        this.directory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "spiffe");
        TrustDomain trustDomain = TrustDomain.parse(this.settings.trustDomain);
        DevAgentConfig.Builder config = DevAgentConfig.builder(trustDomain, this.directory.resolve("ca"))
            .x509SvidTtl(this.settings.x509SvidTtl)
            .jwtSvidTtl(this.settings.jwtSvidTtl);
        if (this.settings.federatedTrustDomain != null) {
            config.federatedTrustDomain(TrustDomain.parse(this.settings.federatedTrustDomain));
        }
        for (int i = 0; i < this.settings.identities.size(); i++) {
            config.endpoint(Endpoint.unix(this.directory.resolve("agent-" + i + ".sock"), this.settings.identities.get(i)));
        }
        this.agent = DevAgent.start(config.build());
    }

    private void stop() throws IOException {
        if (this.agent != null) {
            this.agent.close();
            this.agent = null;
        }
        if (this.directory != null) {
            try (Stream<Path> files = Files.walk(this.directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
            this.directory = null;
        }
    }

    /** The running agent, for its controls (rotate, expire, rollover, outage, stop and start serving). */
    public DevAgent agent() {
        if (this.agent == null) {
            throw new IllegalStateException("the dev agent runs only while a test does");
        }
        return this.agent;
    }

    /** The address of the socket that hands out the identity. */
    public WorkloadApiAddress address(String spiffeId) {
        SpiffeId id = SpiffeId.parse(spiffeId);
        for (int i = 0; i < this.settings.identities.size(); i++) {
            if (this.settings.identities.get(i).spiffeId().equals(id)) {
                return agent().address(i);
            }
        }
        throw new IllegalArgumentException("no identity " + spiffeId + " in this dev agent");
    }

    /** The directory of the agent's sockets and CA. */
    public Path directory() {
        return this.directory;
    }

    /** Settings of a {@link DevAgentExtension}. */
    public static final class Builder {

        private String trustDomain = "example.org";

        private String federatedTrustDomain;

        private Duration x509SvidTtl = DevAgentConfig.DEFAULT_X509_SVID_TTL;

        private Duration jwtSvidTtl = DevAgentConfig.DEFAULT_JWT_SVID_TTL;

        private final List<Identity> identities = new ArrayList<>();

        private Builder() {
        }

        public Builder trustDomain(String trustDomain) {
            this.trustDomain = trustDomain;
            return this;
        }

        public Builder federatedTrustDomain(String federatedTrustDomain) {
            this.federatedTrustDomain = federatedTrustDomain;
            return this;
        }

        /** Adds a socket that hands this identity to every caller. */
        public Builder identity(String spiffeId) {
            return identity(Identity.of(spiffeId));
        }

        /** Adds a socket that hands out this identity (with its hint and selectors). */
        public Builder identity(Identity identity) {
            this.identities.add(identity);
            return this;
        }

        public Builder x509SvidTtl(Duration ttl) {
            this.x509SvidTtl = ttl;
            return this;
        }

        public Builder jwtSvidTtl(Duration ttl) {
            this.jwtSvidTtl = ttl;
            return this;
        }

        public DevAgentExtension build() {
            if (this.identities.isEmpty()) {
                throw new IllegalStateException("a dev agent extension needs at least one identity");
            }
            return new DevAgentExtension(this);
        }
    }
}
