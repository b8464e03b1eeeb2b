package dev.spiffeboot.bundle;

import java.util.Optional;

import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * Supplies the JWT bundle (the JWT-SVID signing keys) of a trust domain. Live implementations follow the Workload
 * API; {@link JwtBundle} and {@link JwtBundleSet} are static ones.
 */
@FunctionalInterface
public interface JwtBundleSource {

    /** The current JWT bundle of the trust domain, or empty when the trust domain is not trusted. */
    Optional<JwtBundle> findJwtBundle(TrustDomain trustDomain);
}
