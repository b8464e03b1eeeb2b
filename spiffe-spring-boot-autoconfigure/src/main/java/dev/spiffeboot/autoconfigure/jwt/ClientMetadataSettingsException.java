package dev.spiffeboot.autoconfigure.jwt;

/**
 * Start-up refused because the settings of client ID metadata documents ({@code spiffe.jwt.client-metadata}, or the
 * authorization server's {@code spiffe.authorization-server.client-metadata}) cannot be met: tokens or clients would
 * otherwise be refused (or accepted) other than as configured. {@link #property()} names the setting,
 * {@link #action()} says what to do.
 */
final class ClientMetadataSettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String action;

    private final String allowListProperty;

    private final String accepted;

    /**
     * A refusal.
     *
     * @param allowListProperty the allow-list whose removal turns the feature off
     * @param accepted what the allow-list accepts, for "accept no ..."
     */
    ClientMetadataSettingsException(String property, String problem, String action, String allowListProperty, String accepted) {
        super(property + " " + problem);
        this.property = property;
        this.action = action;
        this.allowListProperty = allowListProperty;
        this.accepted = accepted;
    }

    String property() {
        return this.property;
    }

    String action() {
        return this.action;
    }

    /** How to turn the feature off instead. */
    String offSwitch() {
        return "Or remove " + this.allowListProperty + " to accept no " + this.accepted + ".";
    }
}
