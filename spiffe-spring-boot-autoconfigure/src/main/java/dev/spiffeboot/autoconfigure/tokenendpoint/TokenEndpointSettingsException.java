package dev.spiffeboot.autoconfigure.tokenendpoint;

/** Start-up refused because {@code spiffe.security.token-endpoint.*} cannot be served as configured. */
final class TokenEndpointSettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String action;

    TokenEndpointSettingsException(String problem, String action) {
        super(problem);
        this.action = action;
    }

    String action() {
        return this.action;
    }
}
