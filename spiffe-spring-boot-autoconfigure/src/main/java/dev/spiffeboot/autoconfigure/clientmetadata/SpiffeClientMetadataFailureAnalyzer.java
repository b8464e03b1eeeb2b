package dev.spiffeboot.autoconfigure.clientmetadata;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up refused for the client ID metadata document: what is in the way, and what to change. */
class SpiffeClientMetadataFailureAnalyzer extends AbstractFailureAnalyzer<SpiffeClientMetadataException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SpiffeClientMetadataException cause) {
        String description = "The application refused to start: " + cause.getMessage() + ".";
        String action = cause.isNoX509Svid()
                ? "Set spiffe.workload-api.address (unix:///path/to/agent.sock or tcp://IP:port) or the "
                        + "SPIFFE_ENDPOINT_SOCKET environment variable to the Workload API of a SPIFFE agent, and keep "
                        + "spiffe.enabled and spiffe.workload-api.fetch-x509-svid true; or remove spiffe.client-metadata.client-id."
                : "Correct the setting named above. The client ID is the https URL of the document (http only for a "
                        + "loopback host), with a path and without query, fragment, user information or dot segments.";
        return new FailureAnalysis(description, action, cause);
    }
}
