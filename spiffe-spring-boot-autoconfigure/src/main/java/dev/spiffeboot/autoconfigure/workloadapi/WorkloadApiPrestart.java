package dev.spiffeboot.autoconfigure.workloadapi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.SmartInitializingSingleton;

import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.WorkloadApiException;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The Workload API client and sources, started in the background before the application context is refreshed
 * (by {@link WorkloadApiPrestartInitializer}), so that loading the client's classes, connecting and waiting for the
 * first X509-SVID and JWT bundles overlap the rest of the start-up instead of holding it up. The
 * auto-configuration adopts them when its own settings are the same; what it does not adopt by the time every
 * singleton exists is closed.
 * <p>
 * Failing closed is unchanged: adopting a source waits for its first update, and a source that did not get one
 * within the startup timeout fails its bean, and so the start-up, with the same {@link WorkloadApiException}. Any
 * other failure (a bad setting, say) is left for the auto-configuration to run into and report as it always does.
 */
final class WorkloadApiPrestart implements SmartInitializingSingleton, AutoCloseable {

    /** The bean name of the prestarted client and sources. */
    static final String BEAN_NAME = "spiffeWorkloadApiPrestart";

    private final WorkloadApiSettings settings;

    private final Started<WorkloadApiClient> client;

    private final Started<X509Source> x509Source;

    private final Started<JwtSource> jwtSource;

    private WorkloadApiPrestart(WorkloadApiSettings settings, Started<WorkloadApiClient> client, Started<X509Source> x509Source,
            Started<JwtSource> jwtSource) {
        this.settings = settings;
        this.client = client;
        this.x509Source = x509Source;
        this.jwtSource = jwtSource;
    }

    /** Starts the client, then both sources at once, on threads of their own. */
    static WorkloadApiPrestart start(WorkloadApiSettings settings) {
        Executor threads = task -> {
            Thread thread = new Thread(task, "spiffe-workload-api-prestart");
            thread.setDaemon(true);
            thread.start();
        };
        CompletableFuture<WorkloadApiClient> client = CompletableFuture.supplyAsync(settings::client, threads);
        CompletableFuture<X509Source> x509Source = settings.fetchX509Svid()
                ? client.thenApplyAsync(settings::x509Source, threads) : CompletableFuture.completedFuture(null);
        CompletableFuture<JwtSource> jwtSource = client.thenApplyAsync(settings::jwtSource, threads);
        return new WorkloadApiPrestart(settings, new Started<>(client), new Started<>(x509Source), new Started<>(jwtSource));
    }

    /** The prestarted client if it was built with these settings, else {@code null}. */
    WorkloadApiClient adoptClient(WorkloadApiSettings settings) {
        return this.settings.equals(settings) ? this.client.adopt() : null;
    }

    /**
     * The prestarted X509 source if it was built with these settings on this client, once it has its first update,
     * else {@code null}.
     *
     * @throws WorkloadApiException if the prestarted source got no first update
     */
    X509Source adoptX509Source(WorkloadApiClient client, WorkloadApiSettings settings) {
        return adoptSource(this.x509Source, client, settings);
    }

    /**
     * The prestarted JWT source if it was built with these settings on this client, once it has its first bundles,
     * else {@code null}.
     *
     * @throws WorkloadApiException if the prestarted source got no first bundles
     */
    JwtSource adoptJwtSource(WorkloadApiClient client, WorkloadApiSettings settings) {
        return adoptSource(this.jwtSource, client, settings);
    }

    private <T extends AutoCloseable> T adoptSource(Started<T> source, WorkloadApiClient client, WorkloadApiSettings settings) {
        if (!this.settings.equals(settings) || !this.client.isAdopted(client)) {
            return null;
        }
        return source.adopt();
    }

    /** Whether the client or source is one of those started here, adopted. */
    boolean isAdopted(Object candidate) {
        return this.client.isAdopted(candidate) || this.x509Source.isAdopted(candidate) || this.jwtSource.isAdopted(candidate);
    }

    /** Every singleton exists: what was not adopted by now is closed (also what is still starting). */
    @Override
    public void afterSingletonsInstantiated() {
        close();
    }

    @Override
    public void close() {
        // sources first: they stop their streams on the client
        this.x509Source.closeUnlessAdopted();
        this.jwtSource.closeUnlessAdopted();
        this.client.closeUnlessAdopted();
    }

    /** One thing being started, adopted at most once, or else closed. */
    private static final class Started<T extends AutoCloseable> {

        private final CompletableFuture<T> future;

        private final AtomicBoolean claimed = new AtomicBoolean();

        private volatile T adopted;

        Started(CompletableFuture<T> future) {
            this.future = future;
        }

        /**
         * The started thing, waiting for it; {@code null} if it was claimed already, is none, or failed otherwise than
         * with a {@link WorkloadApiException}.
         */
        T adopt() {
            if (!this.claimed.compareAndSet(false, true)) {
                return null;
            }
            try {
                this.adopted = this.future.join();
                return this.adopted;
            }
            catch (CompletionException ex) {
                if (ex.getCause() instanceof WorkloadApiException failure) {
                    // the wait for the first update is over and failed: waiting again would fail the same way, later
                    throw failure;
                }
                return null;
            }
        }

        boolean isAdopted(Object candidate) {
            return candidate != null && this.adopted == candidate;
        }

        void closeUnlessAdopted() {
            if (this.claimed.compareAndSet(false, true)) {
                this.future.thenAccept(Started::closeQuietly);
            }
        }

        private static void closeQuietly(AutoCloseable started) {
            if (started != null) {
                try {
                    started.close();
                }
                catch (Exception ex) {
                    // an unused client or source: nothing depends on how it closes
                }
            }
        }
    }
}
