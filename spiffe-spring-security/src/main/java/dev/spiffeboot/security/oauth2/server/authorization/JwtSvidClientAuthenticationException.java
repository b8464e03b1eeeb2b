package dev.spiffeboot.security.oauth2.server.authorization;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * A JWT-SVID client authentication that failed, with a description the client is told (it never contains the
 * assertion): {@code invalid_client}, {@code invalid_request} for a request this method does not serve, or
 * {@code temporarily_unavailable} when the assertion could not be checked now.
 */
final class JwtSvidClientAuthenticationException extends OAuth2AuthenticationException {

    private static final long serialVersionUID = 1L;

    static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

    private static final String ERROR_URI =
            "https://datatracker.ietf.org/doc/html/draft-ietf-oauth-spiffe-client-auth-02#section-3.1";

    private JwtSvidClientAuthenticationException(String errorCode, String description) {
        super(new OAuth2Error(errorCode, ErrorDescriptions.text(description), ERROR_URI),
                ErrorDescriptions.text(description));
    }

    /** The client is not authenticated: 401 {@code invalid_client}. */
    static JwtSvidClientAuthenticationException refused(String description) {
        return new JwtSvidClientAuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT, description);
    }

    /** The request is not one this method serves: 400 {@code invalid_request}. */
    static JwtSvidClientAuthenticationException invalidRequest(String description) {
        return new JwtSvidClientAuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST, description);
    }

    /** The assertion could not be checked now (its keys could not be had): 503, so that the client retries. */
    static JwtSvidClientAuthenticationException unavailable(String description) {
        return new JwtSvidClientAuthenticationException(TEMPORARILY_UNAVAILABLE, description);
    }
}
