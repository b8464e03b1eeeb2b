package dev.spiffeboot.security.jwt;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import dev.spiffeboot.security.oauth2.HttpsUrls;

/**
 * Checks an issuer's settings when its verifier is built, so that a typo stops the application instead of refusing
 * every token. Messages name the setting as {@code spiffe.jwt.issuers[i]} names it ({@code issuer},
 * {@code audiences}, {@code jwk-set-uri}).
 */
final class IssuerSettings {

    private IssuerSettings() {
    }

    /**
     * The issuer's JWK Set URI, once the issuer is complete: an {@code issuer}, at least one audience, and an
     * {@code https} JWK Set URI ({@code http} only on the loopback interface, for tests and local identity providers).
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    static URI check(String issuer, List<String> audiences, String jwkSetUri) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("issuer must be set (the 'iss' of the issuer's tokens)");
        }
        if (audiences == null || audiences.isEmpty() || audiences.stream().anyMatch(a -> a == null || a.isBlank())) {
            throw new IllegalArgumentException("audiences must list at least one audience, without empty ones");
        }
        if (jwkSetUri == null) {
            throw new IllegalArgumentException("jwk-set-uri must be set");
        }
        URI uri;
        try {
            uri = new URI(jwkSetUri);
        }
        catch (URISyntaxException ex) {
            throw new IllegalArgumentException("jwk-set-uri is not a URI: " + ex.getMessage(), ex);
        }
        if (HttpsUrls.problem(uri, true) != null) {
            throw new IllegalArgumentException("jwk-set-uri must be an https URL (http only for a loopback host), got " + jwkSetUri);
        }
        return uri;
    }
}
