package dev.spiffeboot.bundle;

/** Thrown when bundle material (DER, PEM, JWKS or a SPIFFE bundle document) cannot be read. */
public class InvalidBundleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidBundleException(String message) {
        super(message);
    }

    public InvalidBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
