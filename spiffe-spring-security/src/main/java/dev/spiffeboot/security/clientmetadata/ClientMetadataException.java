package dev.spiffeboot.security.clientmetadata;

/**
 * Client metadata (a client ID metadata document, or the JWK Set it points to) that could not be had: unreachable
 * for now, or refused for a reason that a retry does not change.
 */
public final class ClientMetadataException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Kind kind;

    /** What went wrong, for the reason a refused token is reported with. */
    public enum Kind {

        /** The server did not answer in time, could not be reached, or answered 5xx: the token gets a 503. */
        UNREACHABLE("METADATA_UNAVAILABLE"),

        /** The URL's host resolves to an address that is not allowed, or plain http was asked of a non-loopback host. */
        ADDRESS_NOT_ALLOWED("METADATA_ADDRESS_NOT_ALLOWED"),

        /** The answer was not a 200 with a JSON object within the size limit (a redirect is such an answer). */
        BAD_RESPONSE("METADATA_BAD_RESPONSE"),

        /** The JSON is not an acceptable client ID metadata document or JWK Set. */
        INVALID("METADATA_INVALID"),

        /** The document's {@code client_id} is not the URL it was fetched from. */
        CLIENT_ID_MISMATCH("CLIENT_ID_MISMATCH"),

        /** The client ID is not a valid client ID URL, so nothing was fetched. */
        INVALID_CLIENT_ID("INVALID_CLIENT_ID");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        /** The reason code a token refused for this is reported with. */
        public String reason() {
            return this.reason;
        }
    }

    /**
     * A failure.
     *
     * @param kind what went wrong
     * @param message what went wrong, naming the URL (never a token)
     */
    public ClientMetadataException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** What went wrong. */
    public Kind kind() {
        return this.kind;
    }
}
