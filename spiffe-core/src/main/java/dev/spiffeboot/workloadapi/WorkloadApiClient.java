package dev.spiffeboot.workloadapi;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.internal.Durations;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.text.LogSafe;
import dev.spiffeboot.workloadapi.grpc.JWTBundlesRequest;
import dev.spiffeboot.workloadapi.grpc.JWTSVIDRequest;
import dev.spiffeboot.workloadapi.grpc.JWTSVIDResponse;
import dev.spiffeboot.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import dev.spiffeboot.workloadapi.grpc.ValidateJWTSVIDRequest;
import dev.spiffeboot.workloadapi.grpc.ValidateJWTSVIDResponse;
import dev.spiffeboot.workloadapi.grpc.X509BundlesRequest;
import dev.spiffeboot.workloadapi.grpc.X509SVIDRequest;

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

    private final WorkloadApiAddress address;

    private final Duration rpcTimeout;

    private final Backoff backoff;

    private final EventLoopGroup eventLoopGroup;

    private final ScheduledExecutorService scheduler;

    private final ManagedChannel channel;

    private final ReconnectGate reconnects;

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile Thread schedulerThread;

    private WorkloadApiClient(Builder builder) {
        this.address = builder.address;
        this.rpcTimeout = builder.rpcTimeout;
        this.backoff = builder.backoff;
        int number = CLIENTS.incrementAndGet();
        WorkloadApiTransport transport = WorkloadApiTransport.forAddress(this.address);
        this.eventLoopGroup = transport.newEventLoopGroup(daemonThreads("spiffe-workload-api-io-" + number));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = daemonThreads("spiffe-workload-api-" + number).newThread(runnable);
            this.schedulerThread = thread;
            return thread;
        });
        NettyChannelBuilder channelBuilder = NettyChannelBuilder.forAddress(transport.socketAddress())
            .channelType(transport.channelType());
        if (this.address.isUnix()) {
            // gRPC asks every socket for TCP keep-alive; Unix sockets have none and Netty would warn at each connect
            channelBuilder.withOption(ChannelOption.SO_KEEPALIVE, null);
        }
        this.channel = channelBuilder
            .eventLoopGroup(this.eventLoopGroup)
            .executor(this.scheduler)
            .usePlaintext()
            // the endpoint is a local socket: the authority is not used, but gRPC needs a valid one
            .overrideAuthority("localhost")
            .intercept(new SecurityHeaderInterceptor())
            .build();
        this.reconnects = new ReconnectGate(this.channel);
        logger.debug("Workload API client for {} over {}", this.address, transport.name());
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
        return fetchFirst("FetchX509SVID", stub -> stub.fetchX509SVID(X509SVIDRequest.getDefaultInstance()),
                ResponseParser::x509Context);
    }

    /** Follows {@code FetchX509SVID}, reconnecting as needed, until the returned watch is closed. */
    public Watch watchX509Context(Watcher<X509Context> watcher) {
        return watch("FetchX509SVID", asyncStub()::fetchX509SVID, X509SVIDRequest.getDefaultInstance(),
                ResponseParser::x509Context, watcher);
    }

    /**
     * The first message of {@code FetchX509Bundles}: the X.509 bundles of every trusted trust domain.
     *
     * @throws WorkloadApiException if the call fails, times out or the response is invalid
     */
    public X509BundleSet fetchX509Bundles() {
        return fetchFirst("FetchX509Bundles", stub -> stub.fetchX509Bundles(X509BundlesRequest.getDefaultInstance()),
                ResponseParser::x509Bundles);
    }

    /** Follows {@code FetchX509Bundles} until the returned watch is closed. */
    public Watch watchX509Bundles(Watcher<X509BundleSet> watcher) {
        return watch("FetchX509Bundles", asyncStub()::fetchX509Bundles, X509BundlesRequest.getDefaultInstance(),
                ResponseParser::x509Bundles, watcher);
    }

    /**
     * The first message of {@code FetchJWTBundles}: the JWT bundles of every trusted trust domain.
     *
     * @throws WorkloadApiException if the call fails, times out or the response is invalid
     */
    public JwtBundleSet fetchJwtBundles() {
        return fetchFirst("FetchJWTBundles", stub -> stub.fetchJWTBundles(JWTBundlesRequest.getDefaultInstance()),
                ResponseParser::jwtBundles);
    }

    /** Follows {@code FetchJWTBundles} until the returned watch is closed. */
    public Watch watchJwtBundles(Watcher<JwtBundleSet> watcher) {
        return watch("FetchJWTBundles", asyncStub()::fetchJWTBundles, JWTBundlesRequest.getDefaultInstance(),
                ResponseParser::jwtBundles, watcher);
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
        try {
            return ResponseParser.jwtSvids(blockingStub().fetchJWTSVID(jwtSvidRequest(audiences, subject)));
        }
        catch (StatusRuntimeException ex) {
            throw failure("FetchJWTSVID", ex);
        }
    }

    /**
     * {@link #fetchJwtSvids(Collection, SpiffeId)} without blocking: the future completes on the client's
     * callback thread, or fails with a {@link WorkloadApiException}.
     */
    public CompletableFuture<List<JwtSvid>> fetchJwtSvidsAsync(Collection<String> audiences, SpiffeId subject) {
        JWTSVIDRequest request = jwtSvidRequest(audiences, subject);
        CompletableFuture<List<JwtSvid>> result = new CompletableFuture<>();
        asyncStub().withDeadlineAfter(this.rpcTimeout.toNanos(), TimeUnit.NANOSECONDS)
            .fetchJWTSVID(request, new StreamObserver<>() {
                @Override
                public void onNext(JWTSVIDResponse response) {
                    try {
                        result.complete(ResponseParser.jwtSvids(response));
                    }
                    catch (WorkloadApiException ex) {
                        result.completeExceptionally(ex);
                    }
                }

                @Override
                public void onError(Throwable error) {
                    result.completeExceptionally(error instanceof StatusRuntimeException
                            ? failure("FetchJWTSVID", (StatusRuntimeException) error) : error);
                }

                @Override
                public void onCompleted() {
                    result.completeExceptionally(new WorkloadApiException(
                            "Workload API FetchJWTSVID at " + WorkloadApiClient.this.address + " sent no response",
                            WorkloadApiStatus.INVALID_RESPONSE, false));
                }
            });
        return result;
    }

    private static JWTSVIDRequest jwtSvidRequest(Collection<String> audiences, SpiffeId subject) {
        if (audiences == null || audiences.isEmpty()) {
            throw new IllegalArgumentException("a JWT-SVID needs at least one audience");
        }
        JWTSVIDRequest.Builder request = JWTSVIDRequest.newBuilder().addAllAudience(audiences);
        if (subject != null) {
            request.setSpiffeId(subject.toString());
        }
        return request.build();
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
        ValidateJWTSVIDResponse response;
        try {
            response = blockingStub()
                .validateJWTSVID(ValidateJWTSVIDRequest.newBuilder().setAudience(audience).setSvid(token).build());
        }
        catch (StatusRuntimeException ex) {
            if (ex.getStatus().getCode() == io.grpc.Status.Code.INVALID_ARGUMENT) {
                throw new InvalidJwtSvidException(InvalidJwtSvidException.Reason.REJECTED_BY_WORKLOAD_API,
                        "the Workload API refused the token: " + LogSafe.escape(ex.getStatus().getDescription()));
            }
            throw failure("ValidateJWTSVID", ex);
        }
        JwtSvid svid = JwtSvid.parseUnverified(token, "");
        if (!svid.id().toString().equals(response.getSpiffeId())) {
            throw ResponseParser.invalid("ValidateJWTSVIDResponse.spiffe_id " + LogSafe.quote(response.getSpiffeId())
                    + " does not match the token's subject");
        }
        return svid;
    }

    private SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIStub asyncStub() {
        checkOpen();
        return SpiffeWorkloadAPIGrpc.newStub(this.channel);
    }

    private SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub blockingStub() {
        checkOpen();
        return SpiffeWorkloadAPIGrpc.newBlockingStub(this.channel)
            .withDeadlineAfter(this.rpcTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private <R, T> T fetchFirst(String rpc, Function<SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub, Iterator<R>> call,
            Function<R, T> parser) {
        checkOpen();
        Context.CancellableContext context = Context.current().withCancellation();
        try {
            return context.call(() -> {
                Iterator<R> responses = call.apply(blockingStub());
                if (!responses.hasNext()) {
                    throw new WorkloadApiException("Workload API " + rpc + " at " + this.address
                            + " ended the stream without a message", WorkloadApiStatus.UNAVAILABLE, false);
                }
                return parser.apply(responses.next());
            });
        }
        catch (StatusRuntimeException ex) {
            throw failure(rpc, ex);
        }
        catch (WorkloadApiException ex) {
            throw ex;
        }
        catch (Exception ex) {
            throw new WorkloadApiException("Workload API " + rpc + " at " + this.address + " failed: " + ex, WorkloadApiStatus.UNKNOWN, false, ex);
        }
        finally {
            context.cancel(null);
        }
    }

    private <Q, R, T> Watch watch(String rpc, BiConsumer<Q, StreamObserver<R>> call, Q request, Function<R, T> parser,
            Watcher<T> watcher) {
        Objects.requireNonNull(watcher, "watcher");
        StreamWatch<Q, R, T> watch = new StreamWatch<>("Workload API " + rpc + " at " + this.address, this.address, call,
                request, parser, watcher, this.backoff, this.reconnects::reconnect, this.scheduler, this.watches::remove);
        this.watches.add(watch);
        watch.start();
        return watch;
    }

    private WorkloadApiException failure(String rpc, StatusRuntimeException ex) {
        io.grpc.Status status = ex.getStatus();
        ConnectFailure connectFailure = ConnectFailure.of(status, this.address);
        return new WorkloadApiException("Workload API " + rpc + " at " + this.address + " failed: "
                + WorkloadApiStatus.describe(status, connectFailure, this.address), WorkloadApiStatus.of(status.getCode()),
                connectFailure, false, ex);
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
        this.channel.shutdownNow();
        try {
            if (!onOwnThread) {
                this.channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            this.eventLoopGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            this.scheduler.shutdownNow();
            if (!onOwnThread) {
                this.eventLoopGroup.terminationFuture().await(5, TimeUnit.SECONDS);
                this.scheduler.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
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
