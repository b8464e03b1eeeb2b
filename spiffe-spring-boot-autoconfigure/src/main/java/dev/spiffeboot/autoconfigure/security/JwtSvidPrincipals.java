package dev.spiffeboot.autoconfigure.security;

import java.util.Optional;
import java.util.function.Supplier;

import dev.spiffeboot.bundle.BundleSet;
import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.security.RequestPrincipal;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;

/** Turns validated JWT-SVIDs and their failures into what the bearer-token machinery works with. */
final class JwtSvidPrincipals {

    private JwtSvidPrincipals() {
    }

    /** The result for a JWT-SVID validated with the given bundles, to be cached while those bundles stay current. */
    static ValidatedTokenCache.Validated validated(JwtSvid svid, BundleSet bundlesUsed, Supplier<BundleSet> currentBundles) {
        TrustDomain trustDomain = svid.id().trustDomain();
        RequestPrincipal principal = new RequestPrincipal(svid.id().toString(), RequestPrincipal.Kind.JWT_SVID,
                svid.audience(), svid.expiresAt(), svid.claims());
        return new ValidatedTokenCache.Validated(principal, bundleOf(bundlesUsed, trustDomain),
                () -> bundleOf(currentBundles.get(), trustDomain));
    }

    static BearerTokenRejectedException rejected(InvalidJwtSvidException failure) {
        return BearerTokenRejectedException.invalid(failure.reason().name(), failure.getMessage());
    }

    private static JwtBundle bundleOf(BundleSet bundles, TrustDomain trustDomain) {
        Optional<JwtBundle> bundle = bundles.findJwtBundle(trustDomain);
        return bundle.orElse(null);
    }
}
