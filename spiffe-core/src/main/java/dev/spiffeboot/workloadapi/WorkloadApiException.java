package dev.spiffeboot.workloadapi;

import java.util.Optional;

/**
 * A failure talking to the Workload API: the endpoint is unreachable, answered with an error status, sent a
 * response that breaks the standard, or sent nothing in time. The message names the address and the gRPC status
 * and, when no connection could be made, why ({@link #connectFailure()}).
 */
public class WorkloadApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final WorkloadApiStatus status;

    private final ConnectFailure connectFailure;

    private final boolean retrying;

    /**
     * A failure.
     *
     * @param connectFailure why no connection could be made, or {@code null} when that is not the failure
     */
    public WorkloadApiException(String message, WorkloadApiStatus status, ConnectFailure connectFailure, boolean retrying,
            Throwable cause) {
        super(message, cause);
        this.status = status;
        this.connectFailure = connectFailure;
        this.retrying = retrying;
    }

    /** A failure that is not a failed connection. */
    public WorkloadApiException(String message, WorkloadApiStatus status, boolean retrying, Throwable cause) {
        this(message, status, null, retrying, cause);
    }

    /** A failure that is not a failed connection, without a cause. */
    public WorkloadApiException(String message, WorkloadApiStatus status, boolean retrying) {
        this(message, status, null, retrying, null);
    }

    /** Why the call failed: a gRPC status (e.g. {@code UNAVAILABLE}), or {@code INVALID_RESPONSE} for a bad response. */
    public WorkloadApiStatus status() {
        return this.status;
    }

    /**
     * Why no connection to the Workload API could be made, when that is the failure ({@link #status()} is then
     * {@code UNAVAILABLE}, or {@code DEADLINE_EXCEEDED} for a start-up that waited in vain): no socket, no
     * permission, nobody listening, or not a socket.
     */
    public Optional<ConnectFailure> connectFailure() {
        return Optional.ofNullable(this.connectFailure);
    }

    /** Whether the client keeps trying (after a backoff) rather than giving up. */
    public boolean isRetrying() {
        return this.retrying;
    }
}
