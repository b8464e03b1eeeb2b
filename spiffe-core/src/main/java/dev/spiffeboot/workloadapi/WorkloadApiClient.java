package dev.spiffeboot.workloadapi;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.internal.Durations;
import dev.spiffeboot.internal.grpc.GrpcCall;
import dev.spiffeboot.internal.grpc.GrpcChannel;
import dev.spiffeboot.internal.grpc.GrpcCode;
import dev.spiffeboot.internal.grpc.GrpcException;
import dev.spiffeboot.internal.grpc.GrpcStatus;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.text.LogSafe;
import dev.spiffeboot.workloadapi.wire.JwtSvidRequest;
import dev.spiffeboot.workloadapi.wire.ValidateJwtSvidRequest;

/**
 * A client of the SPIFFE Workload API: all five RPCs of the X509-SVID and JWT-SVID profiles over a Unix domain
 * socket or TCP, with the {@code workload.spiffe.io} security header on every call.
 * <p>
 * Unary calls and one-shot fetches have a deadline ({@link Builder#rpcTimeout}, default 10 s; the reference
 * libraries set none). Watches follow the streaming RPCs and reconnect with {@link Backoff}. The client owns one
 * I/O thread and one callback thread, both daemons; {@link #close()} is idempotent and stops them, every watch and
 * the socket.
 */
public final class WorkloadApiClient implements AutoCloseable {

    /** The default deadline of unary calls and one-shot fetches. */
    public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger logger = LoggerFactory.getLogger(WorkloadApiClient.class);

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /**
     * Sent with every call, as the SPIFFE Workload Endpoint standard requires (section 3): it guards the endpoint
     * against server-side request forgery.
     */
    private static final Map.Entry<String, String> SECURITY_HEADER = Map.entry("workload.spiffe.io", "true");

    private static final byte[] EMPTY_REQUEST = new byte[0];

    private final WorkloadApiAddress address;

    private final Duration rpcTimeout;

    private final Backoff backoff;

    private final ScheduledExecutorService scheduler;

    private final GrpcChannel channel;

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile Thread schedulerThread;

    private WorkloadApiClient(Builder builder) {
        this.address = builder.address;
        this.rpcTimeout = builder.rpcTimeout;
        this.backoff = builder.backoff;
        int number = CLIENTS.incrementAndGet();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = daemonThreads("spiffe-workload-api-" + number).newThread(runnable);
            this.schedulerThread = thread;
            return thread;
        });
        SocketAddress socket = this.address.tcpAddress().<SocketAddress>map(tcp -> tcp)
            .orElseGet(() -> UnixDomainSocketAddress.of(this.address.socketPath().orElseThrow()));
        this.channel = new GrpcChannel(socket, List.of(SECURITY_HEADER), daemonThreads("spiffe-workload-api-io-" + number),
                this.scheduler);
        logger.debug("Workload API client for {}", this.address);
    }

    /** A client for the address with default settings. */
    public static WorkloadApiClient create(WorkloadApiAddress address) {
        return builder().address(address).build();
    }

    /** A client for the address in {@code SPIFFE_ENDPOINT_SOCKET}, with default settings. */
    public static WorkloadApiClient fromEnvironment() {
        return builder().address(WorkloadApiAddress.resolve(null)).build();
    }

    /** A builder; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The address this client talks to. */
    public WorkloadApiAddress address() {
        return this.address;
    }

    /** The executor that runs callbacks and retries (one daemon thread). */
    ScheduledExecutorService scheduler() {
        return this.scheduler;
    }

    /**
     * The first message of {@code FetchX509SVID}: this workload's X509-SVIDs and X.509 bundles.
     *
     * @throws WorkloadApiException if the call fails, times out or the response is invalid
     */
    public X509Context fetchX509Context() {
        return fetchFirst("FetchX509SVID", ResponseParser::x509Context);
    }

    /** Follows {@code FetchX509SVID}, reconnecting as needed, until the returned watch is closed. */
    public Watch watchX509Context(Watcher<X509Context> watcher) {
        return watch("FetchX509SVID", ResponseParser::x509Context, watcher);
    }

    /**
     * The first message of {@code FetchX509Bundles}: the X.509 bundles of every trusted trust domain.
     *
     * @throws WorkloadApiException if the call fails, times out or the response is invalid
     */
    public X509BundleSet fetchX509Bundles() {
        return fetchFirst("FetchX509Bundles", ResponseParser::x509Bundles);
    }

    /** Follows {@code FetchX509Bundles} until the returned watch is closed. */
    public Watch watchX509Bundles(Watcher<X509BundleSet> watcher) {
        return watch("FetchX509Bundles", ResponseParser::x509Bundles, watcher);
    }

    /**
     * The first message of {@code FetchJWTBundles}: the JWT bundles of every trusted trust domain.
     *
     * @throws WorkloadApiException if the call fails, times out or the response is invalid
     */
    public JwtBundleSet fetchJwtBundles() {
        return fetchFirst("FetchJWTBundles", ResponseParser::jwtBundles);
    }

    /** Follows {@code FetchJWTBundles} until the returned watch is closed. */
    public Watch watchJwtBundles(Watcher<JwtBundleSet> watcher) {
        return watch("FetchJWTBundles", ResponseParser::jwtBundles, watcher);
    }

    /**
     * Mints JWT-SVIDs ({@code FetchJWTSVID}) for the audiences: one per identity of this workload, or only the one
     * of {@code subject} when it is given.
     *
     * @param subject the identity to mint for, or {@code null} for all
     * @throws IllegalArgumentException if no audience is given
     * @throws WorkloadApiException if the call fails, times out or the response is invalid
     */
    public List<JwtSvid> fetchJwtSvids(Collection<String> audiences, SpiffeId subject) {
        byte[] request = jwtSvidRequest(audiences, subject);
        try {
            return ResponseParser.jwtSvids(await(unary("FetchJWTSVID", request, DIRECT)));
        }
        catch (GrpcException ex) {
            throw failure("FetchJWTSVID", ex.status());
        }
    }

    /**
     * {@link #fetchJwtSvids(Collection, SpiffeId)} without blocking: the future completes on the client's
     * callback thread, or fails with a {@link WorkloadApiException}.
     */
    public CompletableFuture<List<JwtSvid>> fetchJwtSvidsAsync(Collection<String> audiences, SpiffeId subject) {
        byte[] request = jwtSvidRequest(audiences, subject);
        CompletableFuture<List<JwtSvid>> result = new CompletableFuture<>();
        unary("FetchJWTSVID", request, this.scheduler).whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally((error instanceof GrpcException grpc) ? failure("FetchJWTSVID", grpc.status()) : error);
                return;
            }
            try {
                result.complete(ResponseParser.jwtSvids(response));
            }
            catch (WorkloadApiException ex) {
                result.completeExceptionally(ex);
            }
        });
        return result;
    }

    private static byte[] jwtSvidRequest(Collection<String> audiences, SpiffeId subject) {
        if (audiences == null || audiences.isEmpty()) {
            throw new IllegalArgumentException("a JWT-SVID needs at least one audience");
        }
        return new JwtSvidRequest(List.copyOf(audiences), (subject != null) ? subject.toString() : "").toByteArray();
    }

    /**
     * Mints the JWT-SVID of this workload's default identity for the audiences.
     *
     * @throws WorkloadApiException if the call fails, times out or the response is invalid
     */
    public JwtSvid fetchJwtSvid(Collection<String> audiences) {
        return fetchJwtSvids(audiences, null).get(0);
    }

    /**
     * Has the Workload API validate a JWT-SVID for an audience ({@code ValidateJWTSVID}), as an alternative to
     * validating it with local bundles.
     *
     * @throws InvalidJwtSvidException if the Workload API refuses the token ({@code INVALID_ARGUMENT})
     * @throws WorkloadApiException if the call fails otherwise
     */
    public JwtSvid validateJwtSvid(String token, String audience) throws InvalidJwtSvidException {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(audience, "audience");
        String spiffeId;
        try {
            byte[] response = await(unary("ValidateJWTSVID", new ValidateJwtSvidRequest(audience, token).toByteArray(), DIRECT));
            spiffeId = ResponseParser.validatedSpiffeId(response);
        }
        catch (GrpcException ex) {
            if (ex.status().code() == GrpcCode.INVALID_ARGUMENT) {
                throw new InvalidJwtSvidException(InvalidJwtSvidException.Reason.REJECTED_BY_WORKLOAD_API,
                        "the Workload API refused the token: " + LogSafe.escape(ex.status().description()));
            }
            throw failure("ValidateJWTSVID", ex.status());
        }
        JwtSvid svid = JwtSvid.parseUnverified(token, "");
        if (!svid.id().toString().equals(spiffeId)) {
            throw ResponseParser.invalid("ValidateJWTSVIDResponse.spiffe_id " + LogSafe.quote(spiffeId)
                    + " does not match the token's subject");
        }
        return svid;
    }

    private static final Executor DIRECT = Runnable::run;

    /** The one response of a unary call; its future fails with a {@link GrpcException}. */
    private CompletableFuture<byte[]> unary(String rpc, byte[] request, Executor callbacks) {
        checkOpen();
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        this.channel.start(path(rpc), request, this.rpcTimeout, callbacks, new GrpcCall.Listener() {
            private byte[] response;

            @Override
            public void onMessage(byte[] message) {
                this.response = (this.response == null) ? message : this.response;
            }

            @Override
            public void onClose(GrpcStatus status) {
                if (!status.isOk()) {
                    result.completeExceptionally(status.asException());
                }
                else if (this.response == null) {
                    result.completeExceptionally(new GrpcStatus(GrpcCode.INTERNAL, "the server sent no response", null).asException());
                }
                else {
                    result.complete(this.response);
                }
            }
        });
        return result;
    }

    private <T> T fetchFirst(String rpc, Function<byte[], T> parser) {
        checkOpen();
        CompletableFuture<byte[]> first = new CompletableFuture<>();
        GrpcCall call = this.channel.start(path(rpc), EMPTY_REQUEST, this.rpcTimeout, DIRECT, new GrpcCall.Listener() {
            @Override
            public void onMessage(byte[] message) {
                first.complete(message);
            }

            @Override
            public void onClose(GrpcStatus status) {
                first.completeExceptionally(status.isOk()
                        ? new GrpcStatus(GrpcCode.UNAVAILABLE, "the server ended the stream without a message", null).asException()
                        : status.asException());
            }
        });
        try {
            return parser.apply(await(first));
        }
        catch (GrpcException ex) {
            throw failure(rpc, ex.status());
        }
        finally {
            call.cancel("the first message was all that was asked for");
        }
    }

    /** Waits for a call's future; the call's own deadline bounds the wait. */
    private byte[] await(CompletableFuture<byte[]> response) {
        try {
            return response.get();
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof GrpcException grpc) {
                throw grpc;
            }
            throw new WorkloadApiException("Workload API call at " + this.address + " failed: " + ex.getCause(),
                    WorkloadApiStatus.UNKNOWN, false, ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new GrpcStatus(GrpcCode.CANCELLED, "interrupted while waiting for the answer", ex).asException();
        }
    }

    private <T> Watch watch(String rpc, Function<byte[], T> parser, Watcher<T> watcher) {
        Objects.requireNonNull(watcher, "watcher");
        checkOpen();
        StreamWatch<T> watch = new StreamWatch<>("Workload API " + rpc + " at " + this.address, this.address,
                listener -> this.channel.start(path(rpc), EMPTY_REQUEST, null, this.scheduler, listener), parser, watcher,
                this.backoff, this.scheduler, this.watches::remove);
        this.watches.add(watch);
        watch.start();
        return watch;
    }

    private static String path(String rpc) {
        return "/SpiffeWorkloadAPI/" + rpc;
    }

    private WorkloadApiException failure(String rpc, GrpcStatus status) {
        ConnectFailure connectFailure = ConnectFailure.of(status, this.address);
        return new WorkloadApiException("Workload API " + rpc + " at " + this.address + " failed: "
                + WorkloadApiStatus.describe(status, connectFailure, this.address), WorkloadApiStatus.of(status.code()),
                connectFailure, false, status.asException());
    }

    private void checkOpen() {
        if (this.closed.get()) {
            throw new IllegalStateException("the Workload API client for " + this.address + " is closed");
        }
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return this.closed.get();
    }

    /**
     * Cancels every watch and releases the socket and both threads. Idempotent. When called from a watcher
     * callback it does not wait for the callback thread to finish.
     */
    @Override
    public void close() {
        if (!this.closed.compareAndSet(false, true)) {
            return;
        }
        for (Watch watch : List.copyOf(this.watches)) {
            watch.close();
        }
        boolean onOwnThread = Thread.currentThread() == this.schedulerThread;
        this.channel.close();
        this.scheduler.shutdownNow();
        if (!onOwnThread) {
            try {
                this.scheduler.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "WorkloadApiClient[" + this.address + "]";
    }

    /** Builds a {@link WorkloadApiClient}. */
    public static final class Builder {

        private WorkloadApiAddress address;

        private Duration rpcTimeout = DEFAULT_RPC_TIMEOUT;

        private Backoff backoff = Backoff.defaults();

        private Builder() {
        }

        /** The endpoint address (default: {@code SPIFFE_ENDPOINT_SOCKET}). */
        public Builder address(WorkloadApiAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The endpoint address as a string; see {@link WorkloadApiAddress#parse}. */
        public Builder address(String address) {
            return address(WorkloadApiAddress.parse(address));
        }

        /** The deadline of unary calls and one-shot fetches (default 10 s). */
        public Builder rpcTimeout(Duration rpcTimeout) {
            this.rpcTimeout = Durations.requirePositive(rpcTimeout, "rpc timeout");
            return this;
        }

        /** How watches wait between reconnects (default {@link Backoff#defaults()}). */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Creates the client. No connection is made yet: the socket is opened by the first call.
         *
         * @throws IllegalArgumentException if no address is given and {@code SPIFFE_ENDPOINT_SOCKET} is unset
         */
        public WorkloadApiClient build() {
            if (this.address == null) {
                this.address = WorkloadApiAddress.resolve(null);
            }
            return new WorkloadApiClient(this);
        }
    }
}
