package dev.spiffeboot.autoconfigure.jwt;

/**
 * Start-up refused because the settings of {@code spiffe.jwt.client-metadata} cannot be met: tokens of client ID
 * metadata issuers would otherwise be refused (or accepted) other than as configured. {@link #property()} names the
 * setting, {@link #action()} says what to do.
 */
final class ClientMetadataSettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String action;

    ClientMetadataSettingsException(String property, String problem, String action) {
        super(property + " " + problem);
        this.property = property;
        this.action = action;
    }

    String property() {
        return this.property;
    }

    String action() {
        return this.action;
    }
}
