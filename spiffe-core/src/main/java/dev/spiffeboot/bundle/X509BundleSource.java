package dev.spiffeboot.bundle;

import java.util.Optional;

import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * Supplies the X.509 bundle (the trusted CA certificates) of a trust domain. Live implementations follow the
 * Workload API; {@link X509Bundle} and {@link X509BundleSet} are static ones.
 */
@FunctionalInterface
public interface X509BundleSource {

    /** The current X.509 bundle of the trust domain, or empty when the trust domain is not trusted. */
    Optional<X509Bundle> findX509Bundle(TrustDomain trustDomain);
}
