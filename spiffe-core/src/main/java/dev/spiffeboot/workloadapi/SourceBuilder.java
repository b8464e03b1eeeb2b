package dev.spiffeboot.workloadapi;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import dev.spiffeboot.internal.Durations;

/**
 * The settings every Workload API source shares: where the Workload API is, how long to wait for the first update,
 * and how to reconnect.
 *
 * @param <B> the concrete builder
 */
public abstract class SourceBuilder<B extends SourceBuilder<B>> {

    /** How long a source waits for its first update by default. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private WorkloadApiAddress address;

    private WorkloadApiClient client;

    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;

    private Duration rpcTimeout = WorkloadApiClient.DEFAULT_RPC_TIMEOUT;

    private Backoff backoff = Backoff.defaults();

    private Clock clock = Clock.systemUTC();

    SourceBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The Workload API address (default: {@code SPIFFE_ENDPOINT_SOCKET}). */
    public B address(WorkloadApiAddress address) {
        this.address = Objects.requireNonNull(address, "address");
        return self();
    }

    /** The Workload API address as a string; see {@link WorkloadApiAddress#parse}. */
    public B address(String address) {
        return address(WorkloadApiAddress.parse(address));
    }

    /**
     * A client to share with other sources; the source then does not close it. By default each source has its own
     * client, closed with the source.
     */
    public B client(WorkloadApiClient client) {
        this.client = Objects.requireNonNull(client, "client");
        return self();
    }

    /** How long creating the source waits for the first update before it fails (default 30 s). */
    public B startupTimeout(Duration startupTimeout) {
        this.startupTimeout = Durations.requirePositive(startupTimeout, "startup timeout");
        return self();
    }

    /** The deadline of unary calls of the source's own client (default 10 s). */
    public B rpcTimeout(Duration rpcTimeout) {
        this.rpcTimeout = Durations.requirePositive(rpcTimeout, "rpc timeout");
        return self();
    }

    /** How the source's own client reconnects (default {@link Backoff#defaults()}). */
    public B backoff(Backoff backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        return self();
    }

    /** The clock for update times and token lifetimes (default: system UTC). */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    boolean ownsClient() {
        return this.client == null;
    }

    WorkloadApiClient clientForSource() {
        if (this.client != null) {
            return this.client;
        }
        WorkloadApiClient.Builder builder = WorkloadApiClient.builder().rpcTimeout(this.rpcTimeout).backoff(this.backoff);
        if (this.address != null) {
            builder.address(this.address);
        }
        return builder.build();
    }

    Duration startupTimeout() {
        return this.startupTimeout;
    }

    Clock clock() {
        return this.clock;
    }
}
