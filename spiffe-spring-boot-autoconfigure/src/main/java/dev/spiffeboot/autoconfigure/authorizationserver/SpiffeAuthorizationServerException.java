package dev.spiffeboot.autoconfigure.authorizationserver;

/**
 * Start-up refused because a client authentication the starter adds (JWT-SVIDs, or clients of client ID metadata
 * documents) has no fixed issuer identifier to require as the assertions' audience: without one, the audience would
 * be taken from each request's host.
 */
final class SpiffeAuthorizationServerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String offSwitch;

    /**
     * A refusal.
     *
     * @param feature what needs the issuer, as the subject of a sentence
     * @param multipleIssuers whether the issuer is missing because multiple issuers are allowed
     * @param offSwitch how to turn the feature off instead, as an imperative clause
     */
    SpiffeAuthorizationServerException(String feature, boolean multipleIssuers, String offSwitch) {
        super(feature + " needs the authorization server's issuer identifier, the audience its client assertions must "
                + "carry, but " + (multipleIssuers
                        ? "spring.security.oauth2.authorizationserver.multiple-issuers-allowed=true makes the issuer "
                                + "depend on each request"
                        : "spring.security.oauth2.authorizationserver.issuer is not set, so the issuer would be taken "
                                + "from each request's Host header"));
        this.offSwitch = offSwitch;
    }

    /** How to turn the feature off instead, e.g. {@code turn it off with name=false}. */
    String offSwitch() {
        return this.offSwitch;
    }
}
