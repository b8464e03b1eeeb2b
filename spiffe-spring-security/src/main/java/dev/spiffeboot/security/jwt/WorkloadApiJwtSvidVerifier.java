package dev.spiffeboot.security.jwt;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.JwtSvidVerifier;
import dev.spiffeboot.security.authentication.VerifiedToken;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.WorkloadApiException;

/**
 * Has the Workload API validate JWT-SVIDs ({@code ValidateJWTSVID}), for one of the accepted audiences the token
 * carries. A Workload API that does not answer makes the request fail with 503, not 401: the token may be good.
 * The result stands while the JWT bundle of the token's trust domain stays the same.
 */
public final class WorkloadApiJwtSvidVerifier implements JwtSvidVerifier {

    private final WorkloadApiClient client;

    private final Supplier<JwtBundleSet> bundles;

    private final Supplier<? extends Collection<String>> audiences;

    private final Duration clockSkew;

    private final ExtraValidation extra;

    /**
     * A verifier.
     *
     * @param bundles the JWT bundles in force, to tell when a cached result no longer stands
     * @param audiences the audiences this service accepts
     * @param clockSkew how long after its expiry a validated token may still be served from the cache
     * @param validator a check run on every token the Workload API accepted, or {@code null}
     */
    public WorkloadApiJwtSvidVerifier(WorkloadApiClient client, Supplier<JwtBundleSet> bundles,
            Supplier<? extends Collection<String>> audiences, Duration clockSkew, OAuth2TokenValidator<Jwt> validator) {
        this.client = Objects.requireNonNull(client, "client");
        this.bundles = Objects.requireNonNull(bundles, "bundles");
        this.audiences = Objects.requireNonNull(audiences, "audiences");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clock skew");
        this.extra = ExtraValidation.of(validator);
    }

    @Override
    public VerifiedToken verify(String token) {
        JwtBundleSet snapshot = this.bundles.get();
        JwtSvid svid;
        try {
            String audience = JwtSvidValidator.acceptedAudience(JwtSvid.parseUnverified(token, "").audience(),
                    JwtSvidPrincipals.acceptedAudiences(this.audiences));
            svid = this.client.validateJwtSvid(token, audience);
        }
        catch (InvalidJwtSvidException ex) {
            throw JwtSvidPrincipals.rejected(ex);
        }
        catch (WorkloadApiException ex) {
            throw BearerTokenRejectedException.unavailable("the Workload API could not validate the token now", ex.getMessage());
        }
        this.extra.check(token, svid.claims());
        return JwtSvidPrincipals.verified(svid, this.clockSkew, snapshot, this.bundles);
    }
}
