package dev.spiffeboot.svid.jwt;

/**
 * Thrown when a JWT-SVID is refused. The message names the reason and carries the values involved (never the
 * token itself), e.g. {@code expected audience in [spiffe://example.org/server]
 * (audience=[spiffe://example.org/other])} or {@code token expired at 2026-11-23T10:15:30Z}; it is safe to log and
 * to return to the caller.
 */
public class InvalidJwtSvidException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a JWT-SVID was refused; stable names for metrics, tests and error responses. */
    public enum Reason {
        /** The token is longer than the configured limit; it was not parsed. */
        OVERSIZED,
        /** The token is not a JWS in compact serialization, or its header or claims are not valid JSON. */
        MALFORMED,
        /** The {@code alg} is not one of RS, ES or PS 256/384/512. */
        UNSUPPORTED_ALGORITHM,
        /** The {@code typ} is set to something other than {@code JWT} or {@code JOSE}. */
        UNSUPPORTED_TYPE,
        /** The header has no {@code kid}. */
        MISSING_KEY_ID,
        /** There is no {@code sub} claim. */
        MISSING_SUBJECT,
        /** The {@code sub} claim is not a SPIFFE ID. */
        INVALID_SUBJECT,
        /** No JWT bundle is known for the trust domain of {@code sub}. */
        UNTRUSTED_TRUST_DOMAIN,
        /** The bundle of the trust domain of {@code sub} has no key with the token's {@code kid}. */
        UNKNOWN_KEY_ID,
        /** The signature does not verify with the key named by {@code kid}. */
        BAD_SIGNATURE,
        /** There is no {@code exp} claim. */
        MISSING_EXPIRY,
        /** {@code exp} has passed (beyond the allowed clock skew). */
        EXPIRED,
        /** {@code nbf} or {@code iat} is in the future (beyond the allowed clock skew). */
        NOT_YET_VALID,
        /** There is no {@code aud} claim, or it is empty. */
        MISSING_AUDIENCE,
        /** None of the token's audiences is one of the expected audiences. */
        AUDIENCE_MISMATCH,
        /** The Workload API's {@code ValidateJWTSVID} refused the token (its message gives the reason). */
        REJECTED_BY_WORKLOAD_API
    }

    private final Reason reason;

    /** A refusal for the reason, with a message naming the rule and the values involved (never the token). */
    public InvalidJwtSvidException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the token was refused. */
    public Reason reason() {
        return this.reason;
    }
}
