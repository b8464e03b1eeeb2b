package dev.spiffeboot.internal.grpc;

/** The status codes of gRPC, in the order of their numbers (0 to 16). */
public enum GrpcCode {

    /** Not an error. */
    OK,
    /** Cancelled, typically by the caller. */
    CANCELLED,
    /** An unknown error. */
    UNKNOWN,
    /** The client sent a malformed request. */
    INVALID_ARGUMENT,
    /** The deadline passed before the call completed. */
    DEADLINE_EXCEEDED,
    /** Not found. */
    NOT_FOUND,
    /** Already exists. */
    ALREADY_EXISTS,
    /** The caller may not do this. */
    PERMISSION_DENIED,
    /** A resource ran out. */
    RESOURCE_EXHAUSTED,
    /** Failed precondition. */
    FAILED_PRECONDITION,
    /** Aborted. */
    ABORTED,
    /** Out of range. */
    OUT_OF_RANGE,
    /** The server does not implement the method. */
    UNIMPLEMENTED,
    /** An internal error, of the server or of the transport. */
    INTERNAL,
    /** The service is unavailable: no connection, or it broke. */
    UNAVAILABLE,
    /** Data loss. */
    DATA_LOSS,
    /** The caller is not authenticated. */
    UNAUTHENTICATED;

    private static final GrpcCode[] CODES = values();

    /** The code with the number, or {@link #UNKNOWN} for a number gRPC does not define. */
    public static GrpcCode of(int number) {
        return (number >= 0 && number < CODES.length) ? CODES[number] : UNKNOWN;
    }

    /**
     * The code for a response that is not gRPC, from its HTTP status, as gRPC's HTTP/2 protocol document maps them.
     */
    static GrpcCode ofHttpStatus(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> INTERNAL;
            case 401 -> UNAUTHENTICATED;
            case 403 -> PERMISSION_DENIED;
            case 404 -> UNIMPLEMENTED;
            case 429, 502, 503, 504 -> UNAVAILABLE;
            default -> UNKNOWN;
        };
    }
}
