package dev.spiffeboot.workloadapi;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

/**
 * Follows one server-streaming Workload API call for as long as the watch is open: every message is parsed and
 * handed to the watcher; when the stream fails or ends it reconnects after a backoff, reset by every good message
 * (each reconnect is one real connection attempt, neither delayed by gRPC's connection backoff nor failed by a stale
 * connection error: see {@link ReconnectGate}).
 * It gives up only on {@code INVALID_ARGUMENT} (the standard says the client erred and must not retry) and
 * {@code UNIMPLEMENTED} (the server does not offer the call).
 *
 * @param <Q> the request type
 * @param <R> the response message type
 * @param <T> the parsed update type
 */
final class StreamWatch<Q, R, T> implements Watch {

    private static final Set<Status.Code> FATAL = Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.UNIMPLEMENTED);

    private final String description;

    private final WorkloadApiAddress address;

    private final BiConsumer<Q, StreamObserver<R>> call;

    private final Q request;

    private final Function<R, T> parser;

    private final Watcher<T> watcher;

    private final Backoff backoff;

    private final Consumer<Runnable> reconnector;

    private final ScheduledExecutorService scheduler;

    private final Consumer<Watch> onClose;

    private final Object lock = new Object();

    private boolean closed;

    private int attempt;

    private long generation;

    private ClientCallStreamObserver<Q> currentCall;

    private ScheduledFuture<?> pendingReconnect;

    /**
     * @param reconnector runs a reconnect's start once the transport is ready to make a new connection (see
     * {@link ReconnectGate})
     */
    StreamWatch(String description, WorkloadApiAddress address, BiConsumer<Q, StreamObserver<R>> call, Q request,
            Function<R, T> parser, Watcher<T> watcher, Backoff backoff, Consumer<Runnable> reconnector,
            ScheduledExecutorService scheduler, Consumer<Watch> onClose) {
        this.description = description;
        this.address = address;
        this.call = call;
        this.request = request;
        this.parser = parser;
        this.watcher = watcher;
        this.backoff = backoff;
        this.reconnector = reconnector;
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
        this.call.accept(this.request, new Observer(connection));
    }

    private void reconnect() {
        this.reconnector.accept(this::start);
    }

    @Override
    public void close() {
        ClientCallStreamObserver<Q> running;
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
            running.cancel("watch closed", null);
        }
        this.onClose.accept(this);
    }

    private boolean isCurrent(long connection) {
        synchronized (this.lock) {
            return !this.closed && connection == this.generation;
        }
    }

    private void onMessage(long connection, R message) {
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

    private void onFailure(long connection, Status status) {
        if (!isCurrent(connection)) {
            return;
        }
        ConnectFailure connectFailure = ConnectFailure.of(status, this.address);
        String reason = WorkloadApiStatus.describe(status, connectFailure, this.address);
        if (FATAL.contains(status.getCode())) {
            synchronized (this.lock) {
                this.closed = true;
            }
            this.watcher.onError(new WorkloadApiException(this.description + " failed: " + reason + " (not retrying)",
                    WorkloadApiStatus.of(status.getCode()), false, status.asRuntimeException()));
            this.onClose.accept(this);
            return;
        }
        Duration delay;
        synchronized (this.lock) {
            delay = this.backoff.delay(this.attempt++);
            this.pendingReconnect = this.scheduler.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        this.watcher.onError(new WorkloadApiException(this.description + " failed: " + reason + " (retrying in "
                + delay.toMillis() + " ms)", WorkloadApiStatus.of(status.getCode()), connectFailure, true,
                status.asRuntimeException()));
    }

    private final class Observer implements ClientResponseObserver<Q, R> {

        private final long connection;

        Observer(long connection) {
            this.connection = connection;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
            synchronized (StreamWatch.this.lock) {
                if (!StreamWatch.this.closed) {
                    StreamWatch.this.currentCall = requestStream;
                    return;
                }
            }
            // closed while this connection was being opened
            requestStream.cancel("watch closed", null);
        }

        @Override
        public void onNext(R message) {
            onMessage(this.connection, message);
        }

        @Override
        public void onError(Throwable error) {
            onFailure(this.connection, Status.fromThrowable(error));
        }

        @Override
        public void onCompleted() {
            onFailure(this.connection, Status.UNAVAILABLE.withDescription("the server ended the stream"));
        }
    }
}
