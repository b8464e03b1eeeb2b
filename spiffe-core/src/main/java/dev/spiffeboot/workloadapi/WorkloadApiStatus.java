package dev.spiffeboot.workloadapi;

import dev.spiffeboot.internal.grpc.GrpcCode;
import dev.spiffeboot.internal.grpc.GrpcStatus;

/**
 * Why a Workload API call failed: the gRPC status the endpoint (or the client itself, for deadlines and
 * cancellations) ended it with, or {@link #INVALID_RESPONSE} for a message that breaks the standard.
 */
public enum WorkloadApiStatus {

    /** The call was cancelled, e.g. because the client was closed. */
    CANCELLED,
    /** An unknown error. */
    UNKNOWN,
    /** The Workload API refused the request as malformed (the standard: the client must not retry). */
    INVALID_ARGUMENT,
    /** No answer in time. */
    DEADLINE_EXCEEDED,
    /** Not found. */
    NOT_FOUND,
    /** Already exists. */
    ALREADY_EXISTS,
    /** The Workload API does not recognise the caller, or withdrew its identities. */
    PERMISSION_DENIED,
    /** The endpoint ran out of a resource. */
    RESOURCE_EXHAUSTED,
    /** Failed precondition. */
    FAILED_PRECONDITION,
    /** Aborted. */
    ABORTED,
    /** Out of range. */
    OUT_OF_RANGE,
    /** The endpoint does not offer the call. */
    UNIMPLEMENTED,
    /** An internal error of the endpoint or the transport. */
    INTERNAL,
    /** No endpoint answers at the address, or the connection broke. */
    UNAVAILABLE,
    /** Data loss. */
    DATA_LOSS,
    /** The caller is not authenticated. */
    UNAUTHENTICATED,
    /** The endpoint answered with a message that breaks the Workload API standard; it was refused. */
    INVALID_RESPONSE;

    /** The status for a gRPC status code ({@code OK} never ends a failed call; it maps to {@link #UNKNOWN}). */
    static WorkloadApiStatus of(GrpcCode code) {
        return (code == GrpcCode.OK) ? UNKNOWN : valueOf(code.name());
    }

    /**
     * A status for a message: its code and description, e.g. {@code UNAVAILABLE: the connection to /run/agent.sock broke: Broken pipe}, with the connect
     * failure in words instead of the description when there is one.
     */
    static String describe(GrpcStatus status, ConnectFailure connectFailure, WorkloadApiAddress address) {
        if (connectFailure != null) {
            return status.code() + ": " + connectFailure.describe(address);
        }
        return status.toString();
    }
}
