package dev.spiffeboot.autoconfigure.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;

import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;

/**
 * Validates JWT-SVIDs with the JWT bundles the Workload API streams: the bundle of the trust domain of {@code sub}
 * verifies the signature, then {@code exp}, {@code nbf}, {@code iat} (with the clock skew) and the audience are
 * checked. Each validation uses one snapshot of the bundles, which is what the cache entry is tied to.
 */
final class LocalJwtSvidVerifier implements TokenVerifier {

    private final Supplier<JwtBundleSet> bundles;

    private final Supplier<Collection<String>> audiences;

    private final Duration clockSkew;

    private final int maxTokenLength;

    private final Clock clock;

    LocalJwtSvidVerifier(Supplier<JwtBundleSet> bundles, Supplier<Collection<String>> audiences, Duration clockSkew,
            int maxTokenLength, Clock clock) {
        this.bundles = bundles;
        this.audiences = audiences;
        this.clockSkew = clockSkew;
        this.maxTokenLength = maxTokenLength;
        this.clock = clock;
    }

    @Override
    public ValidatedTokenCache.Validated verify(String token) {
        JwtBundleSet snapshot = this.bundles.get();
        JwtSvidValidator validator = JwtSvidValidator.builder(snapshot)
            .clock(this.clock)
            .clockSkew(this.clockSkew)
            .maxTokenLength(this.maxTokenLength)
            .build();
        try {
            JwtSvid svid = validator.validate(token, this.audiences.get());
            return JwtSvidPrincipals.validated(svid, this.clockSkew, snapshot, this.bundles);
        }
        catch (InvalidJwtSvidException ex) {
            throw JwtSvidPrincipals.rejected(ex);
        }
    }
}
