package dev.spiffeboot.internal.grpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * One gRPC call on an HTTP/2 stream, as gRPC's HTTP/2 protocol defines the response: headers with {@code :status}
 * 200 and a gRPC content type, length-prefixed messages, trailers with {@code grpc-status} (or all of it in one
 * trailers-only header block). Anything else ends the call with a status that says what was wrong, and the server's
 * stream is reset.
 * <p>
 * The listener is called through a serial executor, so it sees the messages in order and the status once, last.
 */
final class ClientStream implements GrpcCall, StreamHandler {

    private final GrpcCall.Listener listener;

    private final Executor callbacks;

    private final MessageDeframer deframer;

    private final Object lock = new Object();

    private Http2Connection connection;

    private int streamId;

    private boolean headersReceived;

    private boolean closed;

    private Future<?> deadline;

    /** Set on the serial executor when the listener has been told the status. */
    private volatile boolean closeDelivered;

    ClientStream(GrpcCall.Listener listener, Executor callbacks, int maxMessageSize) {
        this.listener = listener;
        this.callbacks = new SerialExecutor(callbacks);
        this.deframer = new MessageDeframer(maxMessageSize);
    }

    /** Binds the call to its stream; returns {@code false} if the call already ended (then the stream is reset). */
    boolean attach(Http2Connection connection, int streamId) {
        synchronized (this.lock) {
            if (!this.closed) {
                this.connection = connection;
                this.streamId = streamId;
                return true;
            }
        }
        connection.cancelStream(streamId);
        return false;
    }

    /** The timer that ends the call at its deadline; cancelled when the call ends first. */
    void deadline(Future<?> timer) {
        boolean ended;
        synchronized (this.lock) {
            ended = this.closed;
            this.deadline = timer;
        }
        if (ended) {
            timer.cancel(false);
        }
    }

    @Override
    public void cancel(String reason) {
        end(GrpcStatus.of(GrpcCode.CANCELLED, reason), true);
    }

    /** Ends the call with the status; {@code reset} also tells the server to stop the stream. */
    void end(GrpcStatus status, boolean reset) {
        Http2Connection boundConnection;
        int boundStream;
        Future<?> timer;
        synchronized (this.lock) {
            if (this.closed) {
                return;
            }
            this.closed = true;
            boundConnection = this.connection;
            boundStream = this.streamId;
            timer = this.deadline;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        if (reset && boundConnection != null) {
            boundConnection.cancelStream(boundStream);
        }
        this.callbacks.execute(() -> {
            this.closeDelivered = true;
            this.listener.onClose(status);
        });
    }

    private boolean isClosed() {
        synchronized (this.lock) {
            return this.closed;
        }
    }

    @Override
    public void onHeaders(List<Map.Entry<String, String>> headers, boolean endStream) {
        if (isClosed()) {
            return;
        }
        if (this.headersReceived) {
            if (!endStream) {
                end(GrpcStatus.of(GrpcCode.INTERNAL, "a second header block that does not end the stream"), true);
                return;
            }
            GrpcStatus status = GrpcMetadata.status(headers);
            if (status.isOk() && this.deframer.hasPartialMessage()) {
                status = GrpcStatus.of(GrpcCode.INTERNAL, "the stream ended inside a message");
            }
            end(status, false);
            return;
        }
        this.headersReceived = true;
        String httpStatus = GrpcMetadata.get(headers, ":status");
        if (!"200".equals(httpStatus)) {
            end(GrpcMetadata.httpFailure(httpStatus), !endStream);
            return;
        }
        if (endStream) {
            end(GrpcMetadata.status(headers), false);
            return;
        }
        String contentType = GrpcMetadata.get(headers, "content-type");
        if (contentType == null || !contentType.startsWith("application/grpc")) {
            end(GrpcStatus.of(GrpcCode.UNKNOWN, "not a gRPC response (content-type "
                    + ((contentType == null) ? "missing" : "\"" + printable(contentType) + "\"") + ")"), true);
        }
    }

    @Override
    public void onData(byte[] data, int offset, int length, boolean endStream) {
        if (isClosed()) {
            return;
        }
        if (!this.headersReceived) {
            end(GrpcStatus.of(GrpcCode.INTERNAL, "response data before the response headers"), true);
            return;
        }
        try {
            this.deframer.feed(data, offset, length, message -> this.callbacks.execute(() -> deliver(message)));
        }
        catch (GrpcException ex) {
            end(ex.status(), true);
            return;
        }
        if (endStream) {
            end(GrpcStatus.of(GrpcCode.INTERNAL, "the stream ended without a gRPC status"), false);
        }
    }

    private void deliver(byte[] message) {
        // runs on the serial executor: a message that raced with a cancel is dropped if the status went first
        if (!this.closeDelivered) {
            this.listener.onMessage(message);
        }
    }

    @Override
    public void onReset(int errorCode) {
        end(GrpcStatus.of(Http2.codeOfReset(errorCode), "the server reset the stream (HTTP/2 error code " + errorCode + ")"),
                false);
    }

    @Override
    public void onGone(GrpcStatus status) {
        end(status, false);
    }

    private static String printable(String value) {
        String cleaned = value.replaceAll("[^\\x20-\\x7e]", "?");
        return (cleaned.length() > 64) ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}
