package dev.spiffeboot.internal.grpc;

/** A gRPC call that ended with a status other than {@code OK}. */
public final class GrpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient GrpcStatus status;

    GrpcException(GrpcStatus status) {
        super(status.toString(), status.cause(), false, false);
        this.status = status;
    }

    /** The status the call ended with. */
    public GrpcStatus status() {
        return this.status;
    }
}
