package dev.spiffeboot.autoconfigure.oauth2.client;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up refused for a trusted authorization server: which setting is wrong, and what to set. */
class OAuth2ClientFailureAnalyzer extends AbstractFailureAnalyzer<OAuth2ClientSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, OAuth2ClientSettingsException cause) {
        return new FailureAnalysis("The application refused to start: " + cause.getMessage() + ".", cause.action(), cause);
    }
}
