package dev.spiffeboot.security.oauth2.server.authorization;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * A client authentication of this package that failed (a JWT-SVID, or a client of a client ID metadata document),
 * with a description the client is told (it never contains the assertion): {@code invalid_client},
 * {@code invalid_request} for a request the method does not serve, or {@code temporarily_unavailable} when the
 * client could not be checked now. The error URI names the specification of the method.
 */
final class ClientAuthenticationException extends OAuth2AuthenticationException {

    private static final long serialVersionUID = 1L;

    static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

    private static final String JWT_SVID_URI =
            "https://datatracker.ietf.org/doc/html/draft-ietf-oauth-spiffe-client-auth-02#section-3.1";

    private static final String CLIENT_ID_METADATA_DOCUMENT_URI =
            "https://datatracker.ietf.org/doc/html/draft-ietf-oauth-client-id-metadata-document";

    private ClientAuthenticationException(String errorCode, String description, String errorUri) {
        super(new OAuth2Error(errorCode, ErrorDescriptions.text(description), errorUri), ErrorDescriptions.text(description));
    }

    /** A JWT-SVID client is not authenticated: 401 {@code invalid_client}. */
    static ClientAuthenticationException refused(String description) {
        return new ClientAuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT, description, JWT_SVID_URI);
    }

    /** The request is not one JWT-SVID client authentication serves: 400 {@code invalid_request}. */
    static ClientAuthenticationException invalidRequest(String description) {
        return new ClientAuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST, description, JWT_SVID_URI);
    }

    /** The JWT-SVID could not be checked now (its keys could not be had): 503, so that the client retries. */
    static ClientAuthenticationException unavailable(String description) {
        return new ClientAuthenticationException(TEMPORARILY_UNAVAILABLE, description, JWT_SVID_URI);
    }

    /** A client of a client ID metadata document is not authenticated: 401 {@code invalid_client}. */
    static ClientAuthenticationException clientMetadataRefused(String description) {
        return new ClientAuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT, description, CLIENT_ID_METADATA_DOCUMENT_URI);
    }

    /** The document of a client, or its keys, could not be had now: 503, so that the client retries. */
    static ClientAuthenticationException clientMetadataUnavailable(String description) {
        return new ClientAuthenticationException(TEMPORARILY_UNAVAILABLE, description, CLIENT_ID_METADATA_DOCUMENT_URI);
    }
}
