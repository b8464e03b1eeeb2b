package dev.spiffeboot.devagent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;

/**
 * A development and test SPIFFE Workload API: serves X509-SVIDs, JWT-SVIDs and bundles from a local CA on Unix
 * domain sockets and loopback TCP, as the standard defines the API, with controls tests need (rotate, expire, key
 * rollover, outage, stop and restart). Not for production: the CA keys are plain files and callers are trusted by
 * socket or uid/gid alone.
 *
 * <pre>{@code
 * try (DevAgent agent = DevAgent.start(config)) {
 *     WorkloadApiAddress address = agent.address(0);
 *     ...
 * }
 * }</pre>
 */
public final class DevAgent implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(DevAgent.class);

    private static final AtomicInteger AGENTS = new AtomicInteger();

    private final DevAgentConfig config;

    private final ScheduledExecutorService scheduler;

    private final ExecutorService executor;

    private final EventLoopGroup eventLoops;

    private final AgentState state;

    private final List<EndpointServer> servers = new ArrayList<>();

    private DevAgent(DevAgentConfig config, Clock clock) throws IOException {
        this.config = config;
        int number = AGENTS.incrementAndGet();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("spiffe-dev-agent-" + number + "-rotation"));
        this.executor = Executors.newCachedThreadPool(daemon("spiffe-dev-agent-" + number + "-calls"));
        ServerTransport transport = ServerTransport.forThisPlatform();
        this.eventLoops = new MultiThreadIoEventLoopGroup(2, daemon("spiffe-dev-agent-" + number + "-io"), transport.ioHandlers());
        try {
            this.state = new AgentState(config, clock, this.scheduler);
        }
        catch (IOException | RuntimeException ex) {
            // e.g. an unwritable CA directory: leave no threads behind
            shutDownThreads();
            throw ex;
        }
        for (Endpoint endpoint : config.endpoints()) {
            this.servers.add(new EndpointServer(endpoint, this.state, transport, this.eventLoops, this.executor));
        }
    }

    /**
     * Starts an agent: opens (or creates) the CA, issues the SVIDs, and starts serving every endpoint.
     *
     * @throws IOException if the CA directory or a socket cannot be used
     */
    public static DevAgent start(DevAgentConfig config) throws IOException {
        return start(config, Clock.systemUTC());
    }

    /** Starts an agent whose certificates and tokens use the given clock. */
    public static DevAgent start(DevAgentConfig config, Clock clock) throws IOException {
        DevAgent agent = new DevAgent(config, clock);
        try {
            agent.startServing();
        }
        catch (IOException | RuntimeException ex) {
            agent.close();
            throw ex;
        }
        for (EndpointServer server : agent.servers) {
            logger.debug("Dev Workload API serving {} on {}", server.endpoint().identities().stream().map(Identity::spiffeId).toList(),
                    server.address());
        }
        return agent;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Starts serving again after {@link #stopServing()}; clients reconnect and receive fresh messages. */
    public void startServing() throws IOException {
        for (EndpointServer server : this.servers) {
            server.start();
        }
    }

    /** Stops serving, like a killed agent: streams end, sockets disappear, connections are refused. */
    public void stopServing() {
        for (EndpointServer server : this.servers) {
            try {
                server.stop();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /** Re-issues every X509-SVID now and pushes them to open streams. */
    public void rotateX509Svids() {
        this.state.rotateX509();
    }

    /** Replaces every X509-SVID with an expired one and pushes them to open streams. */
    public void expireX509Svids() {
        this.state.expireX509();
    }

    /** Adds a new JWT signing key (old keys stay in the bundle) and pushes the bundle; returns the new key ID. */
    public String rolloverJwtKey() throws IOException {
        return this.state.rolloverJwtKey();
    }

    /** Starts or ends an outage: open streams fail and calls get {@code UNAVAILABLE} while it lasts. */
    public void outage(boolean active) {
        this.state.outage(active);
    }

    /** The Workload API address of the endpoint at the index (in configuration order). */
    public WorkloadApiAddress address(int endpoint) {
        return this.servers.get(endpoint).address();
    }

    /** The current X509-SVID of an identity (what callers receive), for assertions. */
    public X509Svid currentX509Svid(SpiffeId id) {
        return this.config.endpoints()
            .stream()
            .flatMap(endpoint -> endpoint.identities().stream())
            .filter(identity -> identity.spiffeId().equals(id))
            .findFirst()
            .map(this.state::currentSvid)
            .orElseThrow(() -> new IllegalArgumentException("no identity " + id + " in this agent"));
    }

    /**
     * Issues an X509-SVID for any SPIFFE ID of the agent's trust domains (the main one and the federated one), also
     * for IDs the agent does not serve, signed by that trust domain's CA and valid for the configured X509-SVID TTL.
     * Peers that trust the agent's bundles accept it, so a test can present it as a client or server certificate of
     * a workload that does not run. It is not pushed to any stream.
     *
     * @throws IllegalArgumentException if the ID is in neither trust domain
     */
    public X509Svid mintX509Svid(SpiffeId id) {
        return this.state.mintX509Svid(id);
    }

    /**
     * Signs a JWT-SVID for any SPIFFE ID of the agent's trust domains with that trust domain's current JWT key (the
     * newest after {@link #rolloverJwtKey()}), for the audiences and valid for the configured JWT-SVID TTL. Servers
     * that validate with the agent's JWT bundles accept it.
     *
     * @throws IllegalArgumentException if the ID is in neither trust domain, or no audience is given
     */
    public String mintJwtSvid(SpiffeId id, Collection<String> audiences) {
        return this.state.mintJwtSvid(id, List.copyOf(audiences));
    }

    public DevAgentConfig config() {
        return this.config;
    }

    /** Stops serving and releases every thread. Idempotent. */
    @Override
    public void close() {
        stopServing();
        this.state.close();
        shutDownThreads();
    }

    private void shutDownThreads() {
        this.scheduler.shutdownNow();
        this.executor.shutdownNow();
        this.eventLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
