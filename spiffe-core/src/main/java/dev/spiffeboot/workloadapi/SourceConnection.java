package dev.spiffeboot.workloadapi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What every source does with the Workload API: takes a client (its own or a shared one), opens its watches,
 * waits for their first updates, and on close ends the watches and, if it owns it, the client.
 */
final class SourceConnection implements AutoCloseable {

    private final WorkloadApiClient client;

    private final boolean ownsClient;

    private final Duration startupTimeout;

    private final List<Watch> watches = new ArrayList<>();

    SourceConnection(SourceBuilder<?> builder) {
        this.client = builder.clientForSource();
        this.ownsClient = builder.ownsClient();
        this.startupTimeout = builder.startupTimeout();
    }

    WorkloadApiClient client() {
        return this.client;
    }

    /** Starts a watch that feeds the value. */
    <U> void follow(Function<Watcher<U>, Watch> watch, LiveValue<U, ?> value) {
        this.watches.add(watch.apply(value));
    }

    /**
     * Waits for the first update of each value; on failure closes everything and rethrows.
     *
     * @throws WorkloadApiException if a value does not arrive within the startup timeout
     */
    void awaitFirst(LiveValue<?, ?>... values) {
        try {
            for (LiveValue<?, ?> value : values) {
                value.awaitFirst(this.startupTimeout, this.client.address());
            }
        }
        catch (RuntimeException ex) {
            close();
            throw ex;
        }
    }

    @Override
    public void close() {
        for (Watch watch : this.watches) {
            watch.close();
        }
        if (this.ownsClient) {
            this.client.close();
        }
    }
}
