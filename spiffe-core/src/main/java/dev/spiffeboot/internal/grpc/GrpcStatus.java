package dev.spiffeboot.internal.grpc;

import java.util.Objects;

/**
 * How a gRPC call ended: its code, the server's (or this client's) description, and for failures this client saw
 * itself, the exception behind them (for example the operating system's error when no connection could be made).
 *
 * @param code the status code
 * @param description what happened, or {@code null}
 * @param cause the exception behind a failure this client saw itself, or {@code null}
 */
public record GrpcStatus(GrpcCode code, String description, Throwable cause) {

    /** A status that ended a call without error. */
    public static final GrpcStatus OK = new GrpcStatus(GrpcCode.OK, null, null);

    /** A status without a cause. */
    public GrpcStatus {
        Objects.requireNonNull(code, "code");
    }

    static GrpcStatus of(GrpcCode code, String description) {
        return new GrpcStatus(code, description, null);
    }

    /** Whether the call succeeded. */
    public boolean isOk() {
        return this.code == GrpcCode.OK;
    }

    /** This status as an exception, e.g. to complete a future. */
    public GrpcException asException() {
        return new GrpcException(this);
    }

    @Override
    public String toString() {
        return this.code + ((this.description != null) ? ": " + this.description : "");
    }
}
