package dev.spiffeboot.svid.x509;

/**
 * Supplies the current X509-SVID of this workload. Live implementations follow the Workload API and return a new
 * SVID after each rotation, so callers should ask again whenever they need one (for example at every TLS
 * handshake) rather than keep it. {@link X509Svid} itself is a static source.
 */
@FunctionalInterface
public interface X509SvidSource {

    /** The current X509-SVID. */
    X509Svid x509Svid();
}
