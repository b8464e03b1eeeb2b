package dev.spiffeboot.svid.x509;

import java.security.cert.CertificateException;

/**
 * Thrown when an X509-SVID cannot be read, breaks the X509-SVID standard, or cannot be verified. It is a
 * {@link CertificateException}, so TLS trust managers throw it as it is and the handshake fails with its message.
 */
public class InvalidX509SvidException extends CertificateException {

    private static final long serialVersionUID = 1L;

    /** Why an X509-SVID was refused; stable names for metrics and tests. */
    public enum Reason {
        /** No certificate was given. */
        NO_CERTIFICATES,
        /** A certificate or the private key could not be decoded. */
        MALFORMED,
        /** The leaf has no URI SAN. */
        NO_URI_SAN,
        /** The leaf has more than one URI SAN. */
        MULTIPLE_URI_SANS,
        /** The URI SAN is not a valid SPIFFE ID. */
        INVALID_SPIFFE_ID,
        /** The leaf SPIFFE ID has no path (it is a trust domain ID). */
        ROOT_PATH,
        /** The leaf is a CA certificate. */
        LEAF_IS_CA,
        /** The leaf lacks the key usage extension or its digitalSignature bit. */
        MISSING_DIGITAL_SIGNATURE,
        /** The leaf has keyCertSign or cRLSign set. */
        LEAF_CAN_SIGN_CERTIFICATES,
        /** A certificate after the leaf is not a CA with keyCertSign. */
        SIGNING_CERTIFICATE_NOT_CA,
        /** The private key does not belong to the leaf certificate. */
        KEY_MISMATCH,
        /** The leaf's validity period has ended. */
        EXPIRED,
        /** The leaf's validity period has not begun. */
        NOT_YET_VALID,
        /** No X.509 bundle is known for the leaf's trust domain. */
        UNTRUSTED_TRUST_DOMAIN,
        /** The chain does not verify against the bundle of the leaf's trust domain. */
        UNTRUSTED_CHAIN,
        /** The SVID is valid but its SPIFFE ID is not authorized. */
        UNAUTHORIZED_ID
    }

    private final Reason reason;

    /** A refusal for the reason, with a message naming the rule and the values involved. */
    public InvalidX509SvidException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A refusal for the reason, with the failure that showed it. */
    public InvalidX509SvidException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the SVID was refused. */
    public Reason reason() {
        return this.reason;
    }
}
