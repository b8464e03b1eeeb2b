package dev.spiffeboot.autoconfigure.workloadapi;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.spiffeboot.workloadapi.WorkloadApiException;

/**
 * Explains a start-up that failed because the SPIFFE Workload API did not deliver: what was asked of which address,
 * the last status, and what to set.
 */
class WorkloadApiFailureAnalyzer extends AbstractFailureAnalyzer<WorkloadApiException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WorkloadApiException cause) {
        String description = "The application could not get its SPIFFE identity: " + cause.getMessage();
        String action = switch (cause.status()) {
            case PERMISSION_DENIED -> "The Workload API does not recognise this workload. Check its registration "
                    + "entry (SPIRE: the selectors must match this process) or the dev agent's configuration.";
            case INVALID_ARGUMENT, UNIMPLEMENTED -> "The endpoint at the address does not speak the SPIFFE "
                    + "Workload API as the standard defines it. Check spiffe.workload-api.address.";
            default -> "Check that a SPIFFE agent (SPIRE agent or spiffe-dev-agent) is running and serves the "
                    + "address, and that spiffe.workload-api.address or SPIFFE_ENDPOINT_SOCKET points to it. If the "
                    + "agent is slow to start, raise spiffe.workload-api.startup-timeout; set spiffe.enabled=false to "
                    + "start without SPIFFE.";
        };
        return new FailureAnalysis(description, action, cause);
    }
}
