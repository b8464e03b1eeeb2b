package dev.spiffeboot.autoconfigure.authorizationserver;

/**
 * Start-up refused because JWT-SVID client authentication has no fixed issuer identifier to require as the
 * assertions' audience: without one, the audience would be taken from each request's host.
 */
final class SpiffeAuthorizationServerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    SpiffeAuthorizationServerException(boolean multipleIssuers) {
        super("JWT-SVID client authentication needs the authorization server's issuer identifier, the audience its "
                + "client assertions must carry, but " + (multipleIssuers
                        ? "spring.security.oauth2.authorizationserver.multiple-issuers-allowed=true makes the issuer "
                                + "depend on each request"
                        : "spring.security.oauth2.authorizationserver.issuer is not set, so the issuer would be taken "
                                + "from each request's Host header"));
    }
}
