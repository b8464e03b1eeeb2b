package dev.spiffeboot.security.authentication;

import java.util.Map;
import java.util.Objects;

/**
 * The verifiers of the tokens of other issuers than SPIFFE (end users' identity providers, typically), by the
 * {@code iss} their tokens carry. A bean of this type replaces the issuers of {@code spiffe.jwt.issuers}.
 */
public final class IssuerTokenVerifiers {

    private static final IssuerTokenVerifiers NONE = new IssuerTokenVerifiers(Map.of());

    private final Map<String, TokenVerifier> byIssuer;

    private IssuerTokenVerifiers(Map<String, TokenVerifier> byIssuer) {
        this.byIssuer = byIssuer;
    }

    /** No other issuer: every bearer token is taken for a JWT-SVID. */
    public static IssuerTokenVerifiers none() {
        return NONE;
    }

    /** The verifiers, by the {@code iss} value of their tokens. */
    public static IssuerTokenVerifiers of(Map<String, ? extends TokenVerifier> byIssuer) {
        return byIssuer.isEmpty() ? NONE : new IssuerTokenVerifiers(Map.copyOf(byIssuer));
    }

    /** Whether no other issuer is configured. */
    public boolean isEmpty() {
        return this.byIssuer.isEmpty();
    }

    /** The verifier of the issuer's tokens, or {@code null} when the issuer is not configured. */
    public TokenVerifier forIssuer(String issuer) {
        return this.byIssuer.get(Objects.requireNonNull(issuer, "issuer"));
    }

    @Override
    public String toString() {
        return "IssuerTokenVerifiers" + this.byIssuer.keySet();
    }
}
