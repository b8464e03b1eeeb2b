package dev.spiffeboot.autoconfigure.security;

/**
 * Start-up refused because the protected resource metadata asked for ({@code spiffe.security.resource-metadata.*})
 * would be wrong: a value RFC 9728 or RFC 8414 does not allow, a metadata URL the application cannot serve, or a
 * document it cannot write.
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

    /** A servlet application has no JSON library that Spring Security's metadata filter can write with. */
    static ResourceMetadataException noJsonLibrary() {
        return new ResourceMetadataException(Reason.NO_JSON_LIBRARY, "Spring Security's "
                + "OAuth2ProtectedResourceMetadataFilter writes the metadata with Jackson, Gson or JSON-B, and none is on "
                + "the class path: every metadata request would fail");
    }

    Reason reason() {
        return this.reason;
    }

    enum Reason {

        /** A property's value is not allowed. */
        INVALID_VALUE,

        /** The metadata URL is outside the context path. */
        OUTSIDE_CONTEXT_PATH,

        /** No JSON library to write the document with. */
        NO_JSON_LIBRARY
    }
}
