package dev.spiffeboot.tls;

import java.security.cert.CertificateException;
import java.util.Collection;
import java.util.Objects;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.InvalidX509SvidException.Reason;
import dev.spiffeboot.svid.x509.VerifiedX509Svid;
import dev.spiffeboot.text.LogSafe;

/**
 * Decides whether a verified TLS peer may connect. It runs during the handshake, after the peer's chain has
 * verified against its trust domain's bundle; throwing fails the handshake with the exception's message.
 * <p>
 * The factories adapt a {@link SpiffeIdMatcher}; a rejected peer fails with
 * {@code unexpected ID "spiffe://example.org/server"} followed by what was expected. Implement the interface for
 * custom rules (for example ones that look at the verified chain).
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * Authorizes a verified peer.
     *
     * @throws CertificateException if the peer is not allowed; the message should name the peer's ID
     */
    void authorize(VerifiedX509Svid peer) throws CertificateException;

    /** Allows every peer whose SVID verified. */
    static Authorizer any() {
        return matching(SpiffeIdMatcher.any());
    }

    /** Allows exactly one SPIFFE ID. */
    static Authorizer id(SpiffeId allowed) {
        return matching(SpiffeIdMatcher.id(allowed));
    }

    /** Allows any of the given SPIFFE IDs. */
    static Authorizer oneOf(SpiffeId... allowed) {
        return matching(SpiffeIdMatcher.oneOf(allowed));
    }

    /** Allows any of the given SPIFFE IDs. */
    static Authorizer oneOf(Collection<SpiffeId> allowed) {
        return matching(SpiffeIdMatcher.oneOf(allowed));
    }

    /** Allows any SPIFFE ID of the trust domain. */
    static Authorizer memberOf(TrustDomain trustDomain) {
        return matching(SpiffeIdMatcher.memberOf(trustDomain));
    }

    /** Allows IDs that match the pattern; see {@link dev.spiffeboot.spiffeid.SpiffeIdPattern}. */
    static Authorizer pattern(String pattern) {
        return matching(SpiffeIdMatcher.pattern(pattern));
    }

    /** Allows the IDs that the matcher accepts. */
    static Authorizer matching(SpiffeIdMatcher matcher) {
        Objects.requireNonNull(matcher, "matcher");
        return peer -> {
            if (!matcher.matches(peer.id())) {
                throw new InvalidX509SvidException(Reason.UNAUTHORIZED_ID,
                        "unexpected ID " + LogSafe.quote(peer.id().toString()) + " (expected " + matcher + ")");
            }
        };
    }
}
