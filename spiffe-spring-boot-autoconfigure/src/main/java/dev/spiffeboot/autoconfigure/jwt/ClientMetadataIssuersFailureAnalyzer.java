package dev.spiffeboot.autoconfigure.jwt;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up refused for the settings of client ID metadata documents ({@code spiffe.jwt.client-metadata},
 * {@code spiffe.authorization-server.client-metadata}): which one, and what to change.
 */
class ClientMetadataIssuersFailureAnalyzer extends AbstractFailureAnalyzer<ClientMetadataSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ClientMetadataSettingsException cause) {
        return new FailureAnalysis("The application refused to start: " + cause.getMessage() + ".",
                cause.action() + " " + cause.offSwitch(), cause);
    }
}
