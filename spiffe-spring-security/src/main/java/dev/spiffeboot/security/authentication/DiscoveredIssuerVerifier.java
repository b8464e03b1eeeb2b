package dev.spiffeboot.security.authentication;

/**
 * Validates the tokens of issuers that are not configured one by one but recognised by their {@code iss} (an
 * allow-list of URL patterns, typically), their keys being discovered from the issuer itself: the issuers of client
 * ID metadata documents, for instance. {@link IssuerTokenVerifiers} routes a token to the first such verifier that
 * accepts its issuer, after the configured issuers.
 */
public interface DiscoveredIssuerVerifier extends TokenVerifier {

    /** Whether tokens of this issuer are this verifier's to validate (without fetching anything). */
    boolean accepts(String issuer);
}
