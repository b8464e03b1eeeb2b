package dev.spiffeboot.tls;

/** Whether a TLS server asks its clients for an X509-SVID; the names follow Spring Boot's {@code server.ssl.client-auth}. */
public enum ClientAuth {

    /** Every client must present an SVID that verifies and is authorized (mTLS). */
    NEED,

    /** A client may present an SVID; one that is presented must verify and be authorized. */
    WANT,

    /**
     * Clients are not asked for a certificate (TLS only); they authenticate otherwise, e.g. with JWT-SVIDs. A
     * certificate sent anyway is refused.
     */
    NONE
}
