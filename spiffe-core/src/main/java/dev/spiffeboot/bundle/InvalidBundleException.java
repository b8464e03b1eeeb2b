package dev.spiffeboot.bundle;

/** Thrown when bundle material (DER, PEM, JWKS or a SPIFFE bundle document) cannot be read. */
public class InvalidBundleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** A refusal saying what is wrong. */
    public InvalidBundleException(String message) {
        super(message);
    }

    /** A refusal saying what is wrong, with the failure that showed it. */
    public InvalidBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
