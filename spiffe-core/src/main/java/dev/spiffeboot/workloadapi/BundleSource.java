package dev.spiffeboot.workloadapi;

import java.util.Optional;

import dev.spiffeboot.bundle.BundleSet;
import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.bundle.JwtBundleSource;
import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.bundle.X509BundleSource;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * The X.509 and JWT bundles of every trust domain this workload trusts, kept current by following
 * {@code FetchX509Bundles} and {@code FetchJWTBundles}; for workloads that verify peers without an SVID of their
 * own. Creating the source blocks until both first updates arrive (up to the startup timeout).
 */
public final class BundleSource implements X509BundleSource, JwtBundleSource, AutoCloseable {

    private final SourceConnection connection;

    private final LiveValue<BundleSet, BundleSet> x509Bundles;

    private final LiveValue<BundleSet, BundleSet> jwtBundles;

    private BundleSource(Builder builder) {
        this.connection = new SourceConnection(builder);
        this.x509Bundles = new LiveValue<>("X.509 bundles", update -> update, builder.clock());
        this.jwtBundles = new LiveValue<>("JWT bundles", update -> update, builder.clock());
        this.connection.follow(this.connection.client()::watchX509Bundles, this.x509Bundles);
        this.connection.follow(this.connection.client()::watchJwtBundles, this.jwtBundles);
        this.connection.awaitFirst(this.x509Bundles, this.jwtBundles);
    }

    /**
     * A source on the address in {@code SPIFFE_ENDPOINT_SOCKET}, with default settings.
     *
     * @throws WorkloadApiException if the bundles do not arrive within 30 s
     */
    public static BundleSource start() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The X.509 bundles (empty if withdrawn). */
    public BundleSet x509Bundles() {
        BundleSet current = this.x509Bundles.currentOrNull();
        return current == null ? BundleSet.empty() : current;
    }

    /** The JWT bundles (empty if withdrawn). */
    public BundleSet jwtBundles() {
        BundleSet current = this.jwtBundles.currentOrNull();
        return current == null ? BundleSet.empty() : current;
    }

    @Override
    public Optional<X509Bundle> findX509Bundle(TrustDomain trustDomain) {
        return x509Bundles().findX509Bundle(trustDomain);
    }

    @Override
    public Optional<JwtBundle> findJwtBundle(TrustDomain trustDomain) {
        return jwtBundles().findJwtBundle(trustDomain);
    }

    /** The health of both streams together. */
    public SourceState state() {
        return LiveValue.merge(this.x509Bundles.state(null), this.jwtBundles.state(null));
    }

    /** Stops following the Workload API (and closes the client unless it was shared). Idempotent. */
    @Override
    public void close() {
        this.connection.close();
    }

    @Override
    public String toString() {
        return "BundleSource[" + this.connection.client().address() + "]";
    }

    /** Builds a {@link BundleSource}. */
    public static final class Builder extends SourceBuilder<Builder> {

        private Builder() {
        }

        /**
         * Starts the source and waits for the first X.509 and JWT bundles.
         *
         * @throws WorkloadApiException if they do not arrive within the startup timeout
         */
        public BundleSource build() {
            return new BundleSource(this);
        }
    }
}
