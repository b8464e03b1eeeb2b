package dev.spiffeboot.internal.grpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A small gRPC client channel: calls with one request message (unary and server streaming) over HTTP/2 without TLS,
 * on a Unix domain socket (the JDK's own, Java 16+) or TCP. It keeps one connection, opened by the first call that
 * needs one: when that connection breaks or the server sends it away, the next call opens a new one, at once, so that
 * retrying is the caller's decision and each retry is a real attempt.
 * <p>
 * It exists so that a process that only talks to a local Workload API does not load a general gRPC stack (about 1,400
 * classes of grpc-java, Netty and protobuf at start-up). Messages are bytes: encoding them is the caller's job.
 */
public final class GrpcChannel implements AutoCloseable {

    /** The largest response message accepted by default, as in grpc-java and grpc-go. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 << 20;

    private static final int TCP_CONNECT_TIMEOUT_MILLIS = 10_000;

    private final SocketAddress address;

    private final String name;

    private final List<Map.Entry<String, String>> callHeaders;

    private final ThreadFactory readerThreads;

    private final ScheduledExecutorService timers;

    private final int maxMessageSize;

    private final Object lock = new Object();

    /** The connection new calls go to, or {@code null}. */
    private Http2Connection connection;

    /** Every connection that may still carry calls, including ones the server sent away. */
    private final List<Http2Connection> connections = new ArrayList<>();

    private boolean closed;

    /**
     * A channel; no connection is made until the first call.
     *
     * @param address a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}
     * @param callHeaders metadata sent with every call (lowercase names)
     * @param readerThreads makes the thread that reads each connection
     * @param timers runs the deadlines of calls
     */
    public GrpcChannel(SocketAddress address, List<Map.Entry<String, String>> callHeaders, ThreadFactory readerThreads,
            ScheduledExecutorService timers) {
        this(address, callHeaders, readerThreads, timers, DEFAULT_MAX_MESSAGE_SIZE);
    }

    GrpcChannel(SocketAddress address, List<Map.Entry<String, String>> callHeaders, ThreadFactory readerThreads,
            ScheduledExecutorService timers, int maxMessageSize) {
        if (!(address instanceof UnixDomainSocketAddress) && !(address instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("not a Unix domain socket or TCP address: " + address);
        }
        this.address = address;
        this.name = (address instanceof UnixDomainSocketAddress unix) ? unix.getPath().toString() : address.toString();
        this.callHeaders = List.copyOf(callHeaders);
        this.readerThreads = Objects.requireNonNull(readerThreads, "readerThreads");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Starts a call: sends the request and reports the response messages and the status to the listener, through
     * {@code callbacks}. A call that cannot start (no connection) ends at once with {@code UNAVAILABLE}, the
     * operating system's error as its cause.
     *
     * @param method the full method name, {@code /Service/Method}
     * @param request the request message's bytes
     * @param timeout the call's deadline from now, or {@code null} for none
     * @param callbacks runs the listener (a direct executor is fine; the listener is never called under a lock)
     */
    public GrpcCall start(String method, byte[] request, Duration timeout, Executor callbacks, GrpcCall.Listener listener) {
        ClientStream call = new ClientStream(listener, callbacks, this.maxMessageSize);
        List<Map.Entry<String, String>> headers = requestHeaders(method, timeout);
        byte[] body = MessageDeframer.frame(request);
        // a connection the server has just sent away, or one at its stream limit, takes no stream: one more try, on a
        // new connection
        for (int attempt = 0; attempt < 2; attempt++) {
            Http2Connection current;
            try {
                current = connection();
            }
            catch (IOException ex) {
                call.end(new GrpcStatus(GrpcCode.UNAVAILABLE, "no connection to " + this.name + ": " + ex.getMessage(), ex),
                        false);
                return call;
            }
            catch (IllegalStateException ex) {
                call.end(GrpcStatus.of(GrpcCode.CANCELLED, ex.getMessage()), false);
                return call;
            }
            int streamId;
            try {
                streamId = current.openStream(headers, body, call);
            }
            catch (IOException ex) {
                forget(current);
                call.end(new GrpcStatus(GrpcCode.UNAVAILABLE, "the connection to " + this.name + " broke: " + ex.getMessage(),
                        ex), false);
                return call;
            }
            if (streamId < 0) {
                forget(current);
                GrpcStatus ended = current.terminationStatus();
                if (ended != null) {
                    // what broke the connection (garbage from the server, say) ends the call; a second connection
                    // would only meet it again
                    call.end(ended, false);
                    return call;
                }
                continue;
            }
            if (call.attach(current, streamId) && timeout != null) {
                call.deadline(this.timers.schedule(() -> call.end(GrpcStatus.of(GrpcCode.DEADLINE_EXCEEDED,
                        "no answer within " + timeout.toMillis() + " ms"), true), timeout.toNanos(), TimeUnit.NANOSECONDS));
            }
            return call;
        }
        call.end(GrpcStatus.of(GrpcCode.UNAVAILABLE, "the connection to " + this.name + " took no new call"), false);
        return call;
    }

    private List<Map.Entry<String, String>> requestHeaders(String method, Duration timeout) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(8 + this.callHeaders.size());
        headers.add(Map.entry(":method", "POST"));
        headers.add(Map.entry(":scheme", "http"));
        headers.add(Map.entry(":path", method));
        // the endpoint is a local socket: the authority names nothing, but HTTP/2 wants one
        headers.add(Map.entry(":authority", "localhost"));
        headers.add(Map.entry("content-type", "application/grpc"));
        headers.add(Map.entry("te", "trailers"));
        if (timeout != null) {
            headers.add(Map.entry("grpc-timeout", GrpcMetadata.timeout(timeout)));
        }
        headers.addAll(this.callHeaders);
        return headers;
    }

    private Http2Connection connection() throws IOException {
        synchronized (this.lock) {
            if (this.closed) {
                throw new IllegalStateException("the channel to " + this.name + " is closed");
            }
            if (this.connection == null || !this.connection.isOpen()) {
                this.connections.removeIf(Http2Connection::isTerminated);
                this.connection = Http2Connection.start(connect(), this.name, this.readerThreads, this::forget);
                this.connections.add(this.connection);
            }
            return this.connection;
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel socket = (this.address instanceof UnixDomainSocketAddress)
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        try {
            if (this.address instanceof InetSocketAddress) {
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
                socket.socket().connect(this.address, TCP_CONNECT_TIMEOUT_MILLIS);
            }
            else {
                socket.connect(this.address);
            }
            return socket;
        }
        catch (IOException | RuntimeException ex) {
            socket.close();
            throw ex;
        }
    }

    private void forget(Http2Connection gone) {
        synchronized (this.lock) {
            if (this.connection == gone) {
                this.connection = null;
            }
        }
    }

    /** Closes the connection; calls under way end with {@code CANCELLED}. New calls end at once. Idempotent. */
    @Override
    public void close() {
        List<Http2Connection> open;
        synchronized (this.lock) {
            this.closed = true;
            this.connection = null;
            open = List.copyOf(this.connections);
            this.connections.clear();
        }
        for (Http2Connection each : open) {
            each.shutdown(GrpcStatus.of(GrpcCode.CANCELLED, "the channel to " + this.name + " was closed"));
        }
    }

    @Override
    public String toString() {
        return "GrpcChannel[" + this.name + "]";
    }
}
