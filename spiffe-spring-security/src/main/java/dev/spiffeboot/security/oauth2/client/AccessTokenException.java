package dev.spiffeboot.security.oauth2.client;

/** No access token could be obtained: the authorization server refused, answered something else, or was unreachable. */
public class AccessTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with the reason. */
    public AccessTokenException(String message) {
        super(message);
    }

    /** An exception with the reason and its cause. */
    public AccessTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
