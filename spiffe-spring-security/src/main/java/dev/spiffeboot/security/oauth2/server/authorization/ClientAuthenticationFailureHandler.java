package dev.spiffeboot.security.oauth2.server.authorization;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The error response of a failed client authentication. A failure of this package's client authentication (a
 * JWT-SVID, or a client of a client ID metadata document) is answered with its description (what failed, never the
 * assertion) and logged; every other failure is answered as Spring's authorization server answers it, with the error
 * code alone. {@code invalid_client} is a 401, {@code temporarily_unavailable} a 503, anything else a 400.
 */
public final class ClientAuthenticationFailureHandler implements AuthenticationFailureHandler {

    private static final Log logger = LogFactory.getLog(ClientAuthenticationFailureHandler.class);

    private final HttpMessageConverter<OAuth2Error> errors = new OAuth2ErrorHttpMessageConverter();

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException failure) throws IOException {
        OAuth2Error error = (failure instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
                : new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT);
        OAuth2Error answer = new OAuth2Error(error.getErrorCode());
        if (failure instanceof ClientAuthenticationException) {
            logger.warn("Client authentication refused: " + error.getErrorCode() + ", " + error.getDescription());
            answer = error;
        }
        ServletServerHttpResponse http = new ServletServerHttpResponse(response);
        http.setStatusCode(status(error.getErrorCode()));
        this.errors.write(answer, null, http);
    }

    private static HttpStatus status(String errorCode) {
        return switch (errorCode) {
            case OAuth2ErrorCodes.INVALID_CLIENT -> HttpStatus.UNAUTHORIZED;
            case ClientAuthenticationException.TEMPORARILY_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.BAD_REQUEST;
        };
    }
}
