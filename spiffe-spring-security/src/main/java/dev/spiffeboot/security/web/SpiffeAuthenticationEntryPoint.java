package dev.spiffeboot.security.web;

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

import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.BearerTokenRejectionListener;

/**
 * Answers requests without a usable identity: 401 with {@code WWW-Authenticate: Bearer} and, for a refused token,
 * {@code error} and {@code error_description} (RFC 6750). Refused tokens are logged with their reason, never with
 * the token.
 */
public final class SpiffeAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private static final Log logger = LogFactory.getLog(SpiffeAuthenticationEntryPoint.class);

    private final List<BearerTokenRejectionListener> listeners;

    /** An entry point that tells nobody about refused tokens. */
    public SpiffeAuthenticationEntryPoint() {
        this(List.of());
    }

    /** An entry point that tells the listeners about every refused token (e.g. to count refusals). */
    public SpiffeAuthenticationEntryPoint(List<? extends BearerTokenRejectionListener> listeners) {
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
