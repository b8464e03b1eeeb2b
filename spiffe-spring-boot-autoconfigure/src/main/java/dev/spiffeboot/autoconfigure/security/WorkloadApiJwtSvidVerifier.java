package dev.spiffeboot.autoconfigure.security;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;

import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.WorkloadApiException;

/**
 * Has the Workload API validate JWT-SVIDs ({@code ValidateJWTSVID}), for one of the accepted audiences the token
 * carries. A Workload API that does not answer makes the request fail with 503, not 401: the token may be good.
 */
final class WorkloadApiJwtSvidVerifier implements TokenVerifier {

    private final WorkloadApiClient client;

    private final Supplier<JwtBundleSet> bundles;

    private final Supplier<Collection<String>> audiences;

    private final Duration clockSkew;

    /** @param clockSkew how long after its expiry a validated token may still be served from the cache */
    WorkloadApiJwtSvidVerifier(WorkloadApiClient client, Supplier<JwtBundleSet> bundles, Supplier<Collection<String>> audiences,
            Duration clockSkew) {
        this.client = client;
        this.bundles = bundles;
        this.audiences = audiences;
        this.clockSkew = clockSkew;
    }

    @Override
    public ValidatedTokenCache.Validated verify(String token) {
        JwtBundleSet snapshot = this.bundles.get();
        try {
            String audience = JwtSvidValidator.acceptedAudience(JwtSvid.parseUnverified(token, "").audience(), this.audiences.get());
            JwtSvid svid = this.client.validateJwtSvid(token, audience);
            return JwtSvidPrincipals.validated(svid, this.clockSkew, snapshot, this.bundles);
        }
        catch (InvalidJwtSvidException ex) {
            throw JwtSvidPrincipals.rejected(ex);
        }
        catch (WorkloadApiException ex) {
            throw BearerTokenRejectedException.unavailable("the Workload API could not validate the token now", ex.getMessage());
        }
    }
}
