package dev.spiffeboot.autoconfigure.workloadapi;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.spiffeboot.workloadapi.ConnectFailure;
import dev.spiffeboot.workloadapi.WorkloadApiException;

/**
 * Explains a start-up that failed because the SPIFFE Workload API did not deliver: what was asked of which address,
 * the last status, and what to do, by why no connection could be made when that is known.
 */
class WorkloadApiFailureAnalyzer extends AbstractFailureAnalyzer<WorkloadApiException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WorkloadApiException cause) {
        String description = "The application could not get its SPIFFE identity: " + cause.getMessage();
        String action = cause.connectFailure().map(WorkloadApiFailureAnalyzer::actionFor).orElseGet(() -> actionFor(cause));
        return new FailureAnalysis(description, action, cause);
    }

    private static String actionFor(ConnectFailure failure) {
        return switch (failure) {
            case NO_SOCKET -> "Start the SPIFFE agent (SPIRE agent or spiffe-dev-agent), or point "
                    + "spiffe.workload-api.address or SPIFFE_ENDPOINT_SOCKET to the socket it serves. If the agent is "
                    + "slow to start, raise spiffe.workload-api.startup-timeout; set spiffe.enabled=false to start "
                    + "without SPIFFE.";
            case PERMISSION_DENIED -> "Run the application as a user the socket lets in, or have the agent create "
                    + "its socket with a file mode or group that does (a container may need the socket's group or uid).";
            case CONNECTION_REFUSED -> "The agent that served this address has stopped and left its socket behind "
                    + "(or, for tcp://, nothing listens on the port). Start the agent again.";
            case NOT_A_SOCKET -> "The address names a file or directory, not the agent's socket. Fix "
                    + "spiffe.workload-api.address or SPIFFE_ENDPOINT_SOCKET.";
        };
    }

    private static String actionFor(WorkloadApiException cause) {
        return switch (cause.status()) {
            case PERMISSION_DENIED -> "The Workload API does not recognise this workload. Check its registration "
                    + "entry (SPIRE: the selectors must match this process) or the dev agent's configuration.";
            case INVALID_ARGUMENT, UNIMPLEMENTED -> "The endpoint at the address does not speak the SPIFFE "
                    + "Workload API as the standard defines it. Check spiffe.workload-api.address.";
            default -> "Check that a SPIFFE agent (SPIRE agent or spiffe-dev-agent) is running and serves the "
                    + "address, and that spiffe.workload-api.address or SPIFFE_ENDPOINT_SOCKET points to it. If the "
                    + "agent is slow to start, raise spiffe.workload-api.startup-timeout; set spiffe.enabled=false to "
                    + "start without SPIFFE.";
        };
    }
}
