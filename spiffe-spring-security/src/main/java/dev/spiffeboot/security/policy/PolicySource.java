package dev.spiffeboot.security.policy;

import java.util.List;

/**
 * Who a rule is about. Values match exactly, by prefix ({@code abc*}), by suffix ({@code *abc}) or by presence
 * ({@code *}); every field that is set must match, and no value of its {@code not} form.
 *
 * @param principals SPIFFE IDs of the mTLS peer
 * @param notPrincipals peers the source does not match
 * @param requestPrincipals request principals: the SPIFFE ID of a JWT-SVID, the client ID URL of a client ID metadata
 * issuer's token, or {@code iss/sub} of another token
 * @param notRequestPrincipals request principals the source does not match
 * @param trustDomains trust domains of the caller (the JWT-SVID's, else the mTLS peer's)
 * @param notTrustDomains trust domains the source does not match
 */
public record PolicySource(List<String> principals, List<String> notPrincipals, List<String> requestPrincipals,
        List<String> notRequestPrincipals, List<String> trustDomains, List<String> notTrustDomains) {

    /** A source; the lists are copied. */
    public PolicySource {
        principals = List.copyOf(principals);
        notPrincipals = List.copyOf(notPrincipals);
        requestPrincipals = List.copyOf(requestPrincipals);
        notRequestPrincipals = List.copyOf(notRequestPrincipals);
        trustDomains = List.copyOf(trustDomains);
        notTrustDomains = List.copyOf(notTrustDomains);
    }

    /** A source matching these mTLS peers only. */
    public static PolicySource principals(String... principals) {
        return new PolicySource(List.of(principals), List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
