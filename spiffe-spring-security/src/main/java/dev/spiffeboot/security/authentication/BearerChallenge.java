package dev.spiffeboot.security.authentication;

import java.util.List;

import org.apache.commons.logging.Log;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.util.StringUtils;

/**
 * The answer to a request without a usable identity, for every web stack alike (RFC 6750): the status (401, or
 * 503 for a token that cannot be checked now) and the {@code WWW-Authenticate: Bearer} challenge with
 * {@code error} and {@code error_description} for a refused token, and {@code resource_metadata} (RFC 9728) when the
 * service publishes its protected resource metadata ({@link #withResourceMetadata}).
 *
 * @param status the response status
 * @param header the {@code WWW-Authenticate} header
 * @param description what the client is told about the token (never the token), or {@code null} when no token was
 * refused
 */
public record BearerChallenge(HttpStatus status, String header, String description) {

    /** The challenge for a failure; a failure without an OAuth 2.0 error asks for authentication. */
    public static BearerChallenge of(AuthenticationException failure) {
        if (!(failure instanceof OAuth2AuthenticationException oauth)) {
            return new BearerChallenge(HttpStatus.UNAUTHORIZED, "Bearer", null);
        }
        OAuth2Error error = oauth.getError();
        StringBuilder challenge = new StringBuilder("Bearer error=\"").append(error.getErrorCode()).append('"');
        if (StringUtils.hasText(error.getDescription())) {
            challenge.append(", error_description=\"").append(error.getDescription()).append('"');
        }
        HttpStatus status = (error instanceof BearerTokenError bearerError) ? bearerError.getHttpStatus() : HttpStatus.UNAUTHORIZED;
        return new BearerChallenge(status, challenge.toString(), error.getDescription());
    }

    /**
     * This challenge with the {@code resource_metadata} parameter (RFC 9728 section 5.1) after the RFC 6750 ones, e.g.
     * {@code Bearer error="invalid_token", error_description="...", resource_metadata="https://..."}, when it is a 401:
     * a 503 (a token that cannot be checked now) is no reason to look for another token. A URL that a quoted string
     * cannot carry as it is (one derived from a malformed {@code Host} header) is left out.
     *
     * @param metadataUrl the absolute URL of the resource's metadata document
     */
    public BearerChallenge withResourceMetadata(String metadataUrl) {
        if (this.status != HttpStatus.UNAUTHORIZED || !isPlainQuotable(metadataUrl)) {
            return this;
        }
        String parameter = "resource_metadata=\"" + metadataUrl + '"';
        String challenge = "Bearer".equals(this.header) ? "Bearer " + parameter : this.header + ", " + parameter;
        return new BearerChallenge(this.status, challenge, this.description);
    }

    /** Visible ASCII without '"' and '\\', which a quoted string holds without escapes. */
    private static boolean isPlainQuotable(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * Logs a refused token with its reason (never the token) and tells the listeners; a failure without an OAuth 2.0
     * error is not reported.
     */
    public static void report(Log logger, AuthenticationException failure, List<BearerTokenRejectionListener> listeners) {
        if (!(failure instanceof OAuth2AuthenticationException oauth)) {
            return;
        }
        OAuth2Error error = oauth.getError();
        String reason = error.getErrorCode();
        String message = error.getDescription();
        boolean unavailable = false;
        if (failure instanceof BearerTokenRejectedException rejected) {
            reason = rejected.reason();
            message = rejected.logMessage();
            unavailable = rejected.isUnavailable();
        }
        logger.warn((unavailable ? "Token not validated: " : "Invalid token: ") + message);
        for (BearerTokenRejectionListener listener : listeners) {
            listener.rejected(reason);
        }
    }
}
