package dev.spiffeboot.autoconfigure.security;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/** Checks a configured issuer at start-up, so that a typo stops the application instead of refusing every token. */
final class IssuerSettings {

    private IssuerSettings() {
    }

    /**
     * The issuer's JWK Set URI, once the issuer is complete: an {@code issuer}, at least one audience, and an
     * {@code https} JWK Set URI ({@code http} only on the loopback interface, for tests and local identity providers).
     *
     * @param where the property path of the issuer, for messages
     * @throws IllegalArgumentException naming the property that is wrong
     */
    static URI check(SpiffeJwtProperties.Issuer issuer, String where) {
        if (issuer.getIssuer() == null || issuer.getIssuer().isBlank()) {
            throw new IllegalArgumentException(where + ".issuer must be set (the 'iss' of the issuer's tokens)");
        }
        if (issuer.getAudiences().isEmpty() || issuer.getAudiences().stream().anyMatch(a -> a == null || a.isBlank())) {
            throw new IllegalArgumentException(where + ".audiences must list at least one audience, without empty ones");
        }
        if (issuer.getJwkSetUri() == null) {
            throw new IllegalArgumentException(where + ".jwk-set-uri must be set");
        }
        URI uri;
        try {
            uri = new URI(issuer.getJwkSetUri());
        }
        catch (URISyntaxException ex) {
            throw new IllegalArgumentException(where + ".jwk-set-uri is not a URI: " + ex.getMessage(), ex);
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean loopbackHttp = "http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost());
        if (uri.getHost() == null || !(https || loopbackHttp)) {
            throw new IllegalArgumentException(where + ".jwk-set-uri must be an https URL (http only for a loopback host), got "
                    + issuer.getJwkSetUri());
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        if (host == null || !(host.startsWith("127.") || host.startsWith("["))) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (UnknownHostException ex) {
            return false;
        }
    }
}
