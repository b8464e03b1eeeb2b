package dev.spiffeboot.autoconfigure.security;

/**
 * Start-up refused because the protected resource metadata asked for ({@code spiffe.security.resource-metadata.*})
 * would be wrong: a value RFC 9728 or RFC 8414 does not allow, or a metadata URL the application cannot serve.
 * {@link #reason()} tells which case it is.
 */
final class ResourceMetadataException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    private ResourceMetadataException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A property's value is not allowed; {@code problem} quotes it and says why. */
    static ResourceMetadataException invalidValue(String property, String problem) {
        return new ResourceMetadataException(Reason.INVALID_VALUE, property + ": " + problem);
    }

    /** The metadata URL built from the resource identifier lies outside the application's context path. */
    static ResourceMetadataException outsideContextPath(String metadataUrl, String contextProperty, String contextPath) {
        return new ResourceMetadataException(Reason.OUTSIDE_CONTEXT_PATH, "the protected resource metadata belongs at "
                + metadataUrl + " (RFC 9728 section 3.1), outside the application's " + contextProperty + "="
                + contextPath + ", where the application cannot serve it");
    }

    Reason reason() {
        return this.reason;
    }

    enum Reason {

        /** A property's value is not allowed. */
        INVALID_VALUE,

        /** The metadata URL is outside the context path. */
        OUTSIDE_CONTEXT_PATH
    }
}
