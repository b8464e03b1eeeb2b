package dev.spiffeboot.autoconfigure.authorizationserver;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up refused for a client authentication the starter adds, and what to set. */
class SpiffeAuthorizationServerFailureAnalyzer extends AbstractFailureAnalyzer<SpiffeAuthorizationServerException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SpiffeAuthorizationServerException cause) {
        return new FailureAnalysis("The application refused to start: " + cause.getMessage() + ".",
                "Set spring.security.oauth2.authorizationserver.issuer to the URL clients know this authorization "
                        + "server by (e.g. https://auth.example.org), with multiple issuers not allowed; or "
                        + cause.offSwitch() + ".",
                cause);
    }
}
