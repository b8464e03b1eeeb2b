package dev.spiffeboot.security.authentication;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The verifiers of the tokens of other issuers than SPIFFE (end users' identity providers, client ID metadata
 * documents), by the {@code iss} their tokens carry: first the issuers configured by their exact {@code iss}, then
 * the verifiers of discovered issuers ({@link DiscoveredIssuerVerifier}) in order. A bean of this type replaces the
 * issuers of {@code spiffe.jwt.issuers} and {@code spiffe.jwt.client-metadata}.
 */
public final class IssuerTokenVerifiers {

    private static final IssuerTokenVerifiers NONE = new IssuerTokenVerifiers(Map.of(), List.of());

    private final Map<String, TokenVerifier> byIssuer;

    private final List<DiscoveredIssuerVerifier> discovered;

    private IssuerTokenVerifiers(Map<String, TokenVerifier> byIssuer, List<DiscoveredIssuerVerifier> discovered) {
        this.byIssuer = byIssuer;
        this.discovered = discovered;
    }

    /** No other issuer: every bearer token is taken for a JWT-SVID. */
    public static IssuerTokenVerifiers none() {
        return NONE;
    }

    /** The verifiers, by the {@code iss} value of their tokens. */
    public static IssuerTokenVerifiers of(Map<String, ? extends TokenVerifier> byIssuer) {
        return of(byIssuer, List.of());
    }

    /**
     * The verifiers by the {@code iss} value of their tokens, then the verifiers of discovered issuers, asked in
     * order for the issuers no exact entry names.
     */
    public static IssuerTokenVerifiers of(Map<String, ? extends TokenVerifier> byIssuer,
            List<? extends DiscoveredIssuerVerifier> discovered) {
        return (byIssuer.isEmpty() && discovered.isEmpty()) ? NONE
                : new IssuerTokenVerifiers(Map.copyOf(byIssuer), List.copyOf(discovered));
    }

    /** Whether no other issuer is configured. */
    public boolean isEmpty() {
        return this.byIssuer.isEmpty() && this.discovered.isEmpty();
    }

    /** The verifier of the issuer's tokens, or {@code null} when no verifier takes the issuer. */
    public TokenVerifier forIssuer(String issuer) {
        TokenVerifier configured = this.byIssuer.get(Objects.requireNonNull(issuer, "issuer"));
        if (configured != null) {
            return configured;
        }
        for (DiscoveredIssuerVerifier verifier : this.discovered) {
            if (verifier.accepts(issuer)) {
                return verifier;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "IssuerTokenVerifiers" + this.byIssuer.keySet() + ((this.discovered.isEmpty()) ? "" : " and " + this.discovered);
    }
}
