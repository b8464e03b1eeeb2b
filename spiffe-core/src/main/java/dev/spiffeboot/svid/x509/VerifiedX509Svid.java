package dev.spiffeboot.svid.x509;

import java.security.cert.X509Certificate;
import java.util.List;

import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * The outcome of a successful peer verification: the peer's SPIFFE ID and the chain from its leaf to the
 * authority of its trust domain that vouched for it (the authority last).
 *
 * @param id the SPIFFE ID of the peer's leaf certificate
 * @param verifiedChain the leaf, the intermediates and the trust domain authority
 */
public record VerifiedX509Svid(SpiffeId id, List<X509Certificate> verifiedChain) {

    public VerifiedX509Svid {
        verifiedChain = List.copyOf(verifiedChain);
    }
}
