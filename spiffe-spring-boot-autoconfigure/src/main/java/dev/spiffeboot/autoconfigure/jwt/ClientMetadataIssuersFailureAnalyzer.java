package dev.spiffeboot.autoconfigure.jwt;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up refused for the settings of {@code spiffe.jwt.client-metadata}: which one, and what to change. */
class ClientMetadataIssuersFailureAnalyzer extends AbstractFailureAnalyzer<ClientMetadataSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ClientMetadataSettingsException cause) {
        return new FailureAnalysis("The application refused to start: " + cause.getMessage() + ".", cause.action()
                + " Or remove spiffe.jwt.client-metadata.allowed-issuers to accept no client ID metadata issuer.", cause);
    }
}
