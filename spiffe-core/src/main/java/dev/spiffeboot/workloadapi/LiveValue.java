package dev.spiffeboot.workloadapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest good value of one Workload API stream, with the stream's health.
 * <p>
 * During an outage the last good value stays in force. The exception is {@code PERMISSION_DENIED}: the standard
 * says a client whose identities or bundles are withdrawn should stop using them, so the value is dropped until the
 * Workload API grants it again.
 *
 * @param <U> the update type of the stream
 * @param <T> the value kept (an update, possibly narrowed, e.g. to the SVID picked by hint)
 */
final class LiveValue<U, T> implements Watcher<U> {

    private static final Logger logger = LoggerFactory.getLogger(LiveValue.class);

    private final String what;

    private final Function<U, T> accept;

    private final Clock clock;

    private final CompletableFuture<T> first = new CompletableFuture<>();

    private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();

    private final AtomicLong updates = new AtomicLong();

    private final AtomicLong errors = new AtomicLong();

    private final AtomicLong reconnects = new AtomicLong();

    private volatile T value;

    private volatile boolean connected;

    private volatile Instant disconnectedSince;

    private volatile Instant lastUpdate;

    private volatile String lastError;

    private volatile ConnectFailure connectFailure;

    private volatile String unavailableReason = "no update received yet";

    /**
     * @param what what the value is, for messages ("X.509 context")
     * @param accept narrows an update to the value kept; throwing {@link WorkloadApiException} refuses the update
     */
    LiveValue(String what, Function<U, T> accept, Clock clock) {
        this.what = what;
        this.accept = accept;
        this.clock = clock;
        this.disconnectedSince = clock.instant();
    }

    @Override
    public void onUpdate(U update) {
        T accepted;
        try {
            accepted = this.accept.apply(update);
        }
        catch (WorkloadApiException ex) {
            onError(ex);
            return;
        }
        boolean recovered = !this.connected && this.updates.get() > 0;
        // listeners registered from here on see the new value through the getters, not through a callback
        Object[] toNotify = this.listeners.toArray();
        this.value = accepted;
        this.connected = true;
        this.disconnectedSince = null;
        this.connectFailure = null;
        this.lastUpdate = this.clock.instant();
        this.updates.incrementAndGet();
        if (recovered) {
            logger.info("Workload API {} received again after: {}", this.what, this.lastError);
        }
        this.first.complete(accepted);
        for (Object listener : toNotify) {
            notify(listener, accepted);
        }
    }

    @SuppressWarnings("unchecked")
    private void notify(Object listener, T value) {
        try {
            ((Consumer<T>) listener).accept(value);
        }
        catch (RuntimeException ex) {
            logger.warn("A listener of the Workload API {} failed", this.what, ex);
        }
    }

    @Override
    public void onError(WorkloadApiException error) {
        this.errors.incrementAndGet();
        this.lastError = error.getMessage();
        boolean wasConnected = this.connected;
        if (error.status() != WorkloadApiStatus.INVALID_RESPONSE) {
            if (this.connected) {
                this.disconnectedSince = this.clock.instant();
            }
            this.connected = false;
            this.connectFailure = error.connectFailure().orElse(null);
        }
        if (error.isRetrying() && error.status() != WorkloadApiStatus.INVALID_RESPONSE) {
            this.reconnects.incrementAndGet();
        }
        if (error.status() == WorkloadApiStatus.PERMISSION_DENIED && this.value != null) {
            this.value = null;
            this.unavailableReason = "the Workload API withdrew it (PERMISSION_DENIED)";
            logger.warn("Workload API {} withdrawn: {}", this.what, error.getMessage());
        }
        else if (wasConnected || !error.isRetrying()) {
            logger.warn("Workload API {}: {}", this.what, error.getMessage());
        }
        else {
            logger.debug("Workload API {}: {}", this.what, error.getMessage());
        }
        if (!error.isRetrying()) {
            this.first.completeExceptionally(error);
        }
    }

    /** Waits for the first good value. */
    T awaitFirst(Duration timeout, WorkloadApiAddress address) {
        try {
            return this.first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            throw new WorkloadApiException("no " + this.what + " from the Workload API at " + address + " within "
                    + timeout + "; last status: " + (this.lastError == null ? "no answer" : this.lastError),
                    WorkloadApiStatus.DEADLINE_EXCEEDED, this.connectFailure, false, null);
        }
        catch (ExecutionException ex) {
            throw (WorkloadApiException) ex.getCause();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new WorkloadApiException("interrupted while waiting for the " + this.what, WorkloadApiStatus.CANCELLED, false);
        }
    }

    /**
     * The current value.
     *
     * @throws IllegalStateException if there is none (never received, or withdrawn)
     */
    T current() {
        T current = this.value;
        if (current == null) {
            throw new IllegalStateException("no " + this.what + " available: " + this.unavailableReason);
        }
        return current;
    }

    /** The current value, or {@code null}. */
    T currentOrNull() {
        return this.value;
    }

    void addListener(Consumer<T> listener) {
        this.listeners.add(listener);
    }

    SourceState state(Instant svidExpiresAt) {
        return new SourceState(this.connected, this.lastUpdate, this.disconnectedSince, this.lastError, this.connectFailure,
                svidExpiresAt, this.updates.get(), this.errors.get(), this.reconnects.get());
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return (b == null || a.isBefore(b)) ? a : b;
    }

    /** Merges the states of two streams of one source. */
    static SourceState merge(SourceState a, SourceState b) {
        Instant lastUpdate = a.lastUpdate().isEmpty() ? b.lastUpdate().orElse(null)
                : b.lastUpdate().filter(other -> other.isAfter(a.lastUpdate().get())).orElse(a.lastUpdate().get());
        Instant disconnectedSince = earliest(a.disconnectedSince().orElse(null), b.disconnectedSince().orElse(null));
        return new SourceState(a.connected() && b.connected(), lastUpdate, disconnectedSince,
                a.lastError().orElse(b.lastError().orElse(null)), a.connectFailure().orElse(b.connectFailure().orElse(null)),
                a.svidExpiresAt().orElse(b.svidExpiresAt().orElse(null)), a.updates() + b.updates(), a.errors() + b.errors(),
                a.reconnects() + b.reconnects());
    }
}
