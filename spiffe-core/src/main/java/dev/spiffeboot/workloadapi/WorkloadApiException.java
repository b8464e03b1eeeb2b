package dev.spiffeboot.workloadapi;

/**
 * A failure talking to the Workload API: the endpoint is unreachable, answered with an error status, sent a
 * response that breaks the standard, or sent nothing in time. The message names the address and the gRPC status.
 */
public class WorkloadApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final WorkloadApiStatus status;

    private final boolean retrying;

    public WorkloadApiException(String message, WorkloadApiStatus status, boolean retrying, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retrying = retrying;
    }

    public WorkloadApiException(String message, WorkloadApiStatus status, boolean retrying) {
        this(message, status, retrying, null);
    }

    /** Why the call failed: a gRPC status (e.g. {@code UNAVAILABLE}), or {@code INVALID_RESPONSE} for a bad response. */
    public WorkloadApiStatus status() {
        return this.status;
    }

    /** Whether the client keeps trying (after a backoff) rather than giving up. */
    public boolean isRetrying() {
        return this.retrying;
    }
}
