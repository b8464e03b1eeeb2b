package dev.spiffeboot.autoconfigure.clientmetadata;

/**
 * Start-up refused because this application cannot publish the client ID metadata document it was asked to
 * publish ({@code spiffe.client-metadata.client-id}), or sign as its client.
 */
final class SpiffeClientMetadataException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final boolean noX509Svid;

    private SpiffeClientMetadataException(String message, boolean noX509Svid, Throwable cause) {
        super(message, cause);
        this.noX509Svid = noX509Svid;
    }

    /** There is no X509-SVID whose key would sign. */
    static SpiffeClientMetadataException noX509Svid() {
        return new SpiffeClientMetadataException("spiffe.client-metadata.client-id is set, but this application fetches "
                + "no X509-SVID whose key would sign its JWTs", true, null);
    }

    /** A setting is wrong; the message names it. */
    static SpiffeClientMetadataException invalidSetting(String message, Throwable cause) {
        return new SpiffeClientMetadataException(message, false, cause);
    }

    boolean isNoX509Svid() {
        return this.noX509Svid;
    }
}
