package dev.spiffeboot.security.jwt;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;

import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.TokenKeys;
import dev.spiffeboot.security.authentication.VerifiedToken;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;

/** Turns validated JWT-SVIDs and their failures into what the bearer-token machinery works with. */
final class JwtSvidPrincipals {

    private JwtSvidPrincipals() {
    }

    /**
     * The result for a JWT-SVID validated with the given bundles: it stands while the bundle of the token's trust
     * domain stays the one it was validated with, and until its expiry plus the clock skew the validation allows.
     */
    static VerifiedToken verified(JwtSvid svid, Duration clockSkew, JwtBundleSet bundlesUsed, Supplier<JwtBundleSet> currentBundles) {
        TrustDomain trustDomain = svid.id().trustDomain();
        RequestPrincipal principal = RequestPrincipal.jwtSvid(svid.id(), svid.audience(), svid.expiresAt(), svid.claims());
        return new VerifiedToken(principal, svid.expiresAt().plus(clockSkew), TokenKeys.of(
                bundlesUsed.findJwtBundle(trustDomain).orElse(null), () -> currentBundles.get().findJwtBundle(trustDomain).orElse(null)));
    }

    /**
     * The audiences accepted now.
     *
     * @throws BearerTokenRejectedException if there are none: a service that accepts no audience accepts no token
     */
    static Collection<String> acceptedAudiences(Supplier<? extends Collection<String>> audiences) {
        Collection<String> accepted = audiences.get();
        if (accepted == null || accepted.isEmpty()) {
            throw BearerTokenRejectedException.invalid("NO_AUDIENCE",
                    "this service accepts no JWT-SVID audience (none is configured, and it has no SPIFFE ID of its own)");
        }
        return accepted;
    }

    static BearerTokenRejectedException rejected(InvalidJwtSvidException failure) {
        return BearerTokenRejectedException.invalid(failure.reason().name(), failure.getMessage());
    }
}
