package dev.spiffeboot.autoconfigure.security;

import java.time.Duration;
import java.util.function.Supplier;

import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.security.RequestPrincipal;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;

/** Turns validated JWT-SVIDs and their failures into what the bearer-token machinery works with. */
final class JwtSvidPrincipals {

    private JwtSvidPrincipals() {
    }

    /**
     * The result for a JWT-SVID validated with the given bundles, to be cached while those bundles stay current and
     * until its expiry plus the clock skew the validation allows.
     */
    static ValidatedTokenCache.Validated validated(JwtSvid svid, Duration clockSkew, JwtBundleSet bundlesUsed,
            Supplier<JwtBundleSet> currentBundles) {
        TrustDomain trustDomain = svid.id().trustDomain();
        RequestPrincipal principal = RequestPrincipal.jwtSvid(svid.id(), svid.audience(), svid.expiresAt(), svid.claims());
        return new ValidatedTokenCache.Validated(principal, svid.expiresAt().plus(clockSkew), bundleOf(bundlesUsed, trustDomain),
                () -> bundleOf(currentBundles.get(), trustDomain));
    }

    static BearerTokenRejectedException rejected(InvalidJwtSvidException failure) {
        return BearerTokenRejectedException.invalid(failure.reason().name(), failure.getMessage());
    }

    private static JwtBundle bundleOf(JwtBundleSet bundles, TrustDomain trustDomain) {
        return bundles.findJwtBundle(trustDomain).orElse(null);
    }
}
