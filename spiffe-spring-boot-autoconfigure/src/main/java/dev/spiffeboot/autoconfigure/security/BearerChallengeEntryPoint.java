package dev.spiffeboot.autoconfigure.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.StringUtils;

/**
 * Answers requests without a usable identity: 401 with {@code WWW-Authenticate: Bearer} and, for a refused token,
 * {@code error} and {@code error_description} (RFC 6750). Refused tokens are logged with their reason, never with
 * the token.
 */
final class BearerChallengeEntryPoint implements AuthenticationEntryPoint {

    private static final Log logger = LogFactory.getLog(BearerChallengeEntryPoint.class);

    private final List<BearerTokenRejectionListener> listeners;

    BearerChallengeEntryPoint(List<BearerTokenRejectionListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) {
        HttpStatus status = HttpStatus.UNAUTHORIZED;
        StringBuilder challenge = new StringBuilder("Bearer");
        if (failure instanceof OAuth2AuthenticationException oauth) {
            OAuth2Error error = oauth.getError();
            challenge.append(" error=\"").append(error.getErrorCode()).append('"');
            if (StringUtils.hasText(error.getDescription())) {
                challenge.append(", error_description=\"").append(error.getDescription()).append('"');
            }
            if (error instanceof BearerTokenError bearerError) {
                status = bearerError.getHttpStatus();
            }
            report(failure, error);
        }
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, challenge.toString());
        response.setStatus(status.value());
    }

    private void report(AuthenticationException failure, OAuth2Error error) {
        String reason = error.getErrorCode();
        String message = error.getDescription();
        boolean unavailable = false;
        if (failure instanceof BearerTokenRejectedException rejected) {
            reason = rejected.reason();
            message = rejected.logMessage();
            unavailable = rejected.isUnavailable();
        }
        logger.warn((unavailable ? "Token not validated: " : "Invalid token: ") + message);
        for (BearerTokenRejectionListener listener : this.listeners) {
            listener.rejected(reason);
        }
    }
}
