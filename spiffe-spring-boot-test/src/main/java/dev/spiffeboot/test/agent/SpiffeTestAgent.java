package dev.spiffeboot.test.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.context.ApplicationContext;

import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Endpoint;
import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;

/**
 * The dev Workload API of a test's application context (see {@link AutoConfigureSpiffeTestAgent}), injectable into
 * the test: its controls (rotation, expiry, JWT key rollover, outage) and SVIDs minted for other workloads of its
 * trust domains, signed by its CA and JWT keys so that the application's real verification accepts them.
 */
public final class SpiffeTestAgent {

    /** The name of its bean in the application context. */
    public static final String BEAN_NAME = "spiffeTestAgent";

    private final SpiffeTestAgentSettings settings;

    private final Path directory;

    private final DevAgent agent;

    private SpiffeTestAgent(SpiffeTestAgentSettings settings, Path directory, DevAgent agent) {
        this.settings = settings;
        this.directory = directory;
        this.agent = agent;
    }

    /** Starts an agent in a fresh temporary directory: the application's socket first, then one per other identity. */
    static SpiffeTestAgent start(SpiffeTestAgentSettings settings) throws IOException {
        // a short path: Unix socket paths are limited to about 100 bytes
        Path directory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "spiffe-test");
        try {
            DevAgentConfig.Builder config = DevAgentConfig.builder(settings.spiffeId().trustDomain(), directory.resolve("ca"))
                .federatedTrustDomain(settings.federatedTrustDomain());
            List<SpiffeId> served = new ArrayList<>();
            served.add(settings.spiffeId());
            served.addAll(settings.identities());
            for (int i = 0; i < served.size(); i++) {
                config.endpoint(Endpoint.unix(directory.resolve("workload-" + i + ".sock"),
                        new Identity(served.get(i), "", null, null)));
            }
            return new SpiffeTestAgent(settings, directory, DevAgent.start(config.build()));
        }
        catch (IOException | RuntimeException ex) {
            delete(directory);
            throw ex;
        }
    }

    /**
     * The agent of the application context.
     *
     * @throws IllegalStateException if the context has none
     */
    public static SpiffeTestAgent of(ApplicationContext context) {
        SpiffeTestAgent agent = context.getBeanProvider(SpiffeTestAgent.class).getIfAvailable();
        if (agent == null) {
            throw new IllegalStateException("No SPIFFE test agent in the application context: annotate the test with "
                    + "@AutoConfigureSpiffeTestAgent (@WebMvcTest and @WebFluxTest have one unless "
                    + "spiffe.workload-api.address is set)");
        }
        return agent;
    }

    /** The SPIFFE ID of the application under test. */
    public SpiffeId spiffeId() {
        return this.settings.spiffeId();
    }

    /** The trust domain of the agent (and of the application). */
    public TrustDomain trustDomain() {
        return this.settings.spiffeId().trustDomain();
    }

    /** The Workload API address the application uses. */
    public WorkloadApiAddress address() {
        return this.agent.address(0);
    }

    /**
     * The Workload API address of an identity the test named, for a client or server the test runs itself.
     *
     * @throws IllegalArgumentException if the agent does not serve the identity
     */
    public WorkloadApiAddress address(String spiffeId) {
        SpiffeId id = SpiffeId.parse(spiffeId);
        if (id.equals(spiffeId())) {
            return address();
        }
        int index = this.settings.identities().indexOf(id);
        if (index < 0) {
            throw new IllegalArgumentException("The SPIFFE test agent serves no identity " + spiffeId
                    + ": name it in @AutoConfigureSpiffeTestAgent(identities = ...)");
        }
        return this.agent.address(index + 1);
    }

    /**
     * Issues an X509-SVID for any SPIFFE ID of the agent's trust domains, signed by the agent's CA, e.g. to present
     * as a client certificate of a workload that does not run.
     *
     * @throws IllegalArgumentException if the ID is in none of the agent's trust domains
     */
    public X509Svid mintX509Svid(String spiffeId) {
        return this.agent.mintX509Svid(SpiffeId.parse(spiffeId));
    }

    /**
     * Signs a JWT-SVID for any SPIFFE ID of the agent's trust domains with its current JWT key.
     *
     * @throws IllegalArgumentException if the ID is in none of the agent's trust domains
     */
    public String mintJwtSvid(String spiffeId, String audience, String... moreAudiences) {
        List<String> audiences = new ArrayList<>();
        audiences.add(audience);
        audiences.addAll(List.of(moreAudiences));
        return mintJwtSvid(spiffeId, audiences);
    }

    /**
     * Signs a JWT-SVID for any SPIFFE ID of the agent's trust domains with its current JWT key; without audiences,
     * for the application's SPIFFE ID, the audience it accepts unless {@code spiffe.jwt.audiences} says otherwise.
     *
     * @throws IllegalArgumentException if the ID is in none of the agent's trust domains
     */
    public String mintJwtSvid(String spiffeId, List<String> audiences) {
        return this.agent.mintJwtSvid(SpiffeId.parse(spiffeId), audiences.isEmpty() ? List.of(spiffeId().toString()) : audiences);
    }

    /** The X509-SVID the agent currently serves to the application. */
    public X509Svid currentX509Svid() {
        return this.agent.currentX509Svid(spiffeId());
    }

    /** Re-issues every served X509-SVID now; the application receives its new one on its open stream. */
    public void rotateX509Svids() {
        this.agent.rotateX509Svids();
    }

    /** Replaces every served X509-SVID with one that has already expired, and pushes them. */
    public void expireX509Svids() {
        this.agent.expireX509Svids();
    }

    /** Adds a new JWT signing key (older ones stay in the bundle) and pushes the bundle; returns the new key ID. */
    public String rolloverJwtKey() {
        try {
            return this.agent.rolloverJwtKey();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Starts or ends an outage: open streams fail and calls get {@code UNAVAILABLE} while it lasts. */
    public void outage(boolean active) {
        this.agent.outage(active);
    }

    /** The dev agent itself, for controls not offered here (stop and start serving). */
    public DevAgent devAgent() {
        return this.agent;
    }

    /** Stops the agent and deletes its directory. */
    void close() {
        try {
            this.agent.close();
        }
        finally {
            delete(this.directory);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
        catch (IOException ex) {
            // a temporary directory left behind is not worth failing a test for
        }
    }

    @Override
    public String toString() {
        return "SpiffeTestAgent " + spiffeId() + " on " + address();
    }
}
