package dev.spiffeboot.autoconfigure.oauth2.client;

/** Start-up refused because a trusted authorization server of {@code spiffe.oauth2.client} cannot be used as configured. */
final class OAuth2ClientSettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String action;

    OAuth2ClientSettingsException(String problem, String action, Throwable cause) {
        super(problem, cause);
        this.action = action;
    }

    String action() {
        return this.action;
    }
}
