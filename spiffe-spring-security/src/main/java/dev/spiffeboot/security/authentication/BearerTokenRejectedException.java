package dev.spiffeboot.security.authentication;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;

/**
 * A bearer token that was refused, with a reason code for metrics and a description safe to send back in
 * {@code WWW-Authenticate} (it never contains the token).
 */
public final class BearerTokenRejectedException extends OAuth2AuthenticationException {

    private static final long serialVersionUID = 1L;

    private static final int MAX_DESCRIPTION_LENGTH = 400;

    private final String reason;

    private final String logMessage;

    private BearerTokenRejectedException(String reason, BearerTokenError error, String logMessage) {
        super(error, error.getDescription());
        this.reason = reason;
        this.logMessage = logMessage;
    }

    /**
     * A token that is not acceptable: 401 with {@code error="invalid_token"}.
     *
     * @param reason the reason code for metrics and logs, e.g. {@code EXPIRED}
     * @param description what the client is told; it must not contain the token
     */
    public static BearerTokenRejectedException invalid(String reason, String description) {
        return new BearerTokenRejectedException(reason, new BearerTokenError(BearerTokenErrorCodes.INVALID_TOKEN,
                HttpStatus.UNAUTHORIZED, headerSafe(description), null), description);
    }

    /**
     * A token that could not be checked now because what validates it (the Workload API, an issuer's JWK Set) did
     * not answer: 503, so that clients retry instead of discarding a token that may be good.
     *
     * @param description what the client is told
     * @param detail what is logged besides (addresses and causes the client need not know)
     */
    public static BearerTokenRejectedException unavailable(String description, String detail) {
        return unavailable("VALIDATION_UNAVAILABLE", description, detail);
    }

    /**
     * A token that could not be checked now, with a more specific reason than {@code VALIDATION_UNAVAILABLE}: 503.
     *
     * @param reason the reason code for metrics and logs, e.g. {@code METADATA_UNAVAILABLE}
     * @param description what the client is told
     * @param detail what is logged besides (addresses and causes the client need not know)
     */
    public static BearerTokenRejectedException unavailable(String reason, String description, String detail) {
        return new BearerTokenRejectedException(reason, new BearerTokenError("temporarily_unavailable",
                HttpStatus.SERVICE_UNAVAILABLE, headerSafe(description), null), description + ": " + detail);
    }

    /** The reason code, e.g. {@code EXPIRED} or {@code AUDIENCE_MISMATCH}. */
    public String reason() {
        return this.reason;
    }

    /** What the server logs: the description, with details for unavailable validation. */
    public String logMessage() {
        return this.logMessage;
    }

    /** Whether the token could not be checked now (503) rather than being refused (401). */
    public boolean isUnavailable() {
        return ((BearerTokenError) getError()).getHttpStatus() == HttpStatus.SERVICE_UNAVAILABLE;
    }

    /**
     * Keeps only the characters RFC 6750 allows in {@code error_description} (Spring refuses the others): double
     * quotes (escaped or not) become single quotes, backslashes slashes, anything else outside printable ASCII a
     * question mark.
     */
    static String headerSafe(String description) {
        String text = (description.length() > MAX_DESCRIPTION_LENGTH)
                ? description.substring(0, MAX_DESCRIPTION_LENGTH) + "..." : description;
        // LogSafe escapes quotes inside quoted values as \"; both become one single quote
        text = text.replace("\\\"", "'");
        StringBuilder safe = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                safe.append('\'');
            }
            else if (c == '\\') {
                safe.append('/');
            }
            else {
                safe.append((c >= 0x20 && c <= 0x7E) ? c : '?');
            }
        }
        return safe.toString();
    }
}
