package dev.spiffeboot.autoconfigure.security;

import java.util.Collection;
import java.util.function.Supplier;

import dev.spiffeboot.bundle.BundleSet;
import dev.spiffeboot.internal.LogSafe;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.WorkloadApiException;

/**
 * Has the Workload API validate JWT-SVIDs ({@code ValidateJWTSVID}), for one of the accepted audiences the token
 * carries. A Workload API that does not answer makes the request fail with 503, not 401: the token may be good.
 */
final class WorkloadApiJwtSvidVerifier implements TokenVerifier {

    private final WorkloadApiClient client;

    private final Supplier<BundleSet> bundles;

    private final Supplier<Collection<String>> audiences;

    WorkloadApiJwtSvidVerifier(WorkloadApiClient client, Supplier<BundleSet> bundles, Supplier<Collection<String>> audiences) {
        this.client = client;
        this.bundles = bundles;
        this.audiences = audiences;
    }

    @Override
    public ValidatedTokenCache.Validated verify(String token) {
        BundleSet snapshot = this.bundles.get();
        try {
            String audience = acceptedAudienceOf(JwtSvid.parseUnverified(token, ""));
            JwtSvid svid = this.client.validateJwtSvid(token, audience);
            return JwtSvidPrincipals.validated(svid, snapshot, this.bundles);
        }
        catch (InvalidJwtSvidException ex) {
            throw JwtSvidPrincipals.rejected(ex);
        }
        catch (WorkloadApiException ex) {
            throw BearerTokenRejectedException.unavailable("the Workload API could not validate the token now", ex.getMessage());
        }
    }

    private String acceptedAudienceOf(JwtSvid unverified) throws InvalidJwtSvidException {
        Collection<String> accepted = this.audiences.get();
        for (String audience : unverified.audience()) {
            if (accepted.contains(audience)) {
                return audience;
            }
        }
        throw new InvalidJwtSvidException(InvalidJwtSvidException.Reason.AUDIENCE_MISMATCH, "expected audience in "
                + LogSafe.list(accepted) + " (audience=" + LogSafe.list(unverified.audience()) + ")");
    }
}
