package dev.spiffeboot.autoconfigure.tokenendpoint;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up refused for the service's own token endpoint: which setting is wrong, and what to set. */
class TokenEndpointFailureAnalyzer extends AbstractFailureAnalyzer<TokenEndpointSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TokenEndpointSettingsException cause) {
        return new FailureAnalysis("The application refused to start: " + cause.getMessage() + ".", cause.action(), cause);
    }
}
