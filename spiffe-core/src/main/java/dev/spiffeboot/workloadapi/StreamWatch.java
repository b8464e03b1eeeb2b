package dev.spiffeboot.workloadapi;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.spiffeboot.internal.grpc.GrpcCall;
import dev.spiffeboot.internal.grpc.GrpcCode;
import dev.spiffeboot.internal.grpc.GrpcStatus;

/**
 * Follows one server-streaming Workload API call for as long as the watch is open: every message is parsed and
 * handed to the watcher; when the stream fails or ends it reconnects after a backoff, reset by every good message.
 * Each reconnect is one real connection attempt when the connection is gone (the channel keeps no sticky failure),
 * so a watch is back at most one of its own backoff delays after the agent is.
 * It gives up only on {@code INVALID_ARGUMENT} (the standard says the client erred and must not retry) and
 * {@code UNIMPLEMENTED} (the server does not offer the call).
 *
 * @param <T> the parsed update type
 */
final class StreamWatch<T> implements Watch {

    private static final Set<GrpcCode> FATAL = Set.of(GrpcCode.INVALID_ARGUMENT, GrpcCode.UNIMPLEMENTED);

    private final String description;

    private final WorkloadApiAddress address;

    private final Function<GrpcCall.Listener, GrpcCall> call;

    private final Function<byte[], T> parser;

    private final Watcher<T> watcher;

    private final Backoff backoff;

    private final ScheduledExecutorService scheduler;

    private final Consumer<Watch> onClose;

    private final Object lock = new Object();

    private boolean closed;

    private int attempt;

    private long generation;

    private GrpcCall currentCall;

    private ScheduledFuture<?> pendingReconnect;

    /**
     * @param call starts the streaming call with the listener, on the client's callback thread
     */
    StreamWatch(String description, WorkloadApiAddress address, Function<GrpcCall.Listener, GrpcCall> call,
            Function<byte[], T> parser, Watcher<T> watcher, Backoff backoff, ScheduledExecutorService scheduler,
            Consumer<Watch> onClose) {
        this.description = description;
        this.address = address;
        this.call = call;
        this.parser = parser;
        this.watcher = watcher;
        this.backoff = backoff;
        this.scheduler = scheduler;
        this.onClose = onClose;
    }

    void start() {
        long connection;
        synchronized (this.lock) {
            if (this.closed) {
                return;
            }
            connection = ++this.generation;
        }
        GrpcCall started = this.call.apply(new Listener(connection));
        synchronized (this.lock) {
            if (!this.closed) {
                this.currentCall = started;
                return;
            }
        }
        // closed while this call was being started
        started.cancel("watch closed");
    }

    @Override
    public void close() {
        GrpcCall running;
        synchronized (this.lock) {
            if (this.closed) {
                return;
            }
            this.closed = true;
            running = this.currentCall;
            if (this.pendingReconnect != null) {
                this.pendingReconnect.cancel(false);
            }
        }
        if (running != null) {
            running.cancel("watch closed");
        }
        this.onClose.accept(this);
    }

    private boolean isCurrent(long connection) {
        synchronized (this.lock) {
            return !this.closed && connection == this.generation;
        }
    }

    private void onMessage(long connection, byte[] message) {
        if (!isCurrent(connection)) {
            return;
        }
        T update;
        try {
            update = this.parser.apply(message);
        }
        catch (WorkloadApiException ex) {
            // the stream stays open: the last good update remains in force until a valid one arrives
            this.watcher.onError(new WorkloadApiException(this.description + ": " + ex.getMessage(), ex.status(), true, ex));
            return;
        }
        synchronized (this.lock) {
            this.attempt = 0;
        }
        this.watcher.onUpdate(update);
    }

    private void onFailure(long connection, GrpcStatus status) {
        if (!isCurrent(connection)) {
            return;
        }
        ConnectFailure connectFailure = ConnectFailure.of(status, this.address);
        String reason = WorkloadApiStatus.describe(status, connectFailure, this.address);
        if (FATAL.contains(status.code())) {
            synchronized (this.lock) {
                this.closed = true;
            }
            this.watcher.onError(new WorkloadApiException(this.description + " failed: " + reason + " (not retrying)",
                    WorkloadApiStatus.of(status.code()), false, status.asException()));
            this.onClose.accept(this);
            return;
        }
        Duration delay;
        synchronized (this.lock) {
            delay = this.backoff.delay(this.attempt++);
            this.pendingReconnect = this.scheduler.schedule(this::start, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        this.watcher.onError(new WorkloadApiException(this.description + " failed: " + reason + " (retrying in "
                + delay.toMillis() + " ms)", WorkloadApiStatus.of(status.code()), connectFailure, true,
                status.asException()));
    }

    /** The listener of one call of the watch; reports of an earlier call are ignored. */
    private final class Listener implements GrpcCall.Listener {

        private final long connection;

        Listener(long connection) {
            this.connection = connection;
        }

        @Override
        public void onMessage(byte[] message) {
            StreamWatch.this.onMessage(this.connection, message);
        }

        @Override
        public void onClose(GrpcStatus status) {
            onFailure(this.connection, status.isOk()
                    ? new GrpcStatus(GrpcCode.UNAVAILABLE, "the server ended the stream", null) : status);
        }
    }
}
