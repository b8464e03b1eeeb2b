package dev.spiffeboot.security.oauth2.client;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * An access token obtained from an authorization server, and until when it is used.
 *
 * @param value the token
 * @param expiresAt when it expires, as the token response says ({@code expires_in})
 */
public record AccessToken(String value, Instant expiresAt) {

    /** The lifetime assumed when a token response does not say ({@code expires_in} is only RECOMMENDED). */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(1);

    public AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expires at");
    }

    /** Whether the token should no longer be sent at that time: it expires within the margin. */
    public boolean expiresWithin(Duration margin, Instant now) {
        return !now.plus(margin).isBefore(this.expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + this.expiresAt + "]";
    }

    /**
     * Parses a successful token response (RFC 6749 §5.1): a {@code Bearer} {@code access_token}, with
     * {@code expires_in} seconds.
     *
     * @throws IllegalArgumentException naming what is wrong (never quoting the token)
     */
    static AccessToken parse(String json, Instant now) {
        Map<String, Object> response;
        try {
            response = JSONObjectUtils.parse(json);
        }
        catch (ParseException ex) {
            throw new IllegalArgumentException("the token response is not a JSON object");
        }
        if (!(response.get("access_token") instanceof String token) || token.isEmpty()) {
            throw new IllegalArgumentException("the token response has no access_token");
        }
        if (!(response.get("token_type") instanceof String type) || !type.equalsIgnoreCase("Bearer")) {
            throw new IllegalArgumentException("the token response's token_type is " + response.get("token_type")
                    + ", not Bearer");
        }
        Duration lifetime = DEFAULT_LIFETIME;
        if (response.get("expires_in") instanceof Number seconds) {
            if (seconds.longValue() <= 0) {
                throw new IllegalArgumentException("the token response's expires_in is not positive: " + seconds);
            }
            lifetime = Duration.ofSeconds(seconds.longValue());
        }
        return new AccessToken(token, now.plus(lifetime));
    }
}
