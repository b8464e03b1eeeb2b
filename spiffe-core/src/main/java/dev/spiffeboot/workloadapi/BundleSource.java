package dev.spiffeboot.workloadapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.bundle.JwtBundleSource;
import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.bundle.X509BundleSource;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * The X.509 and JWT bundles of every trust domain this workload trusts, kept current by the Workload API.
 * <p>
 * On its own, the source follows {@code FetchX509Bundles} and {@code FetchJWTBundles}, which serve workloads that
 * verify peers without an X509-SVID of their own; creating it blocks until both first updates arrive (up to the
 * startup timeout). Next to an {@link X509Source} or a {@link JwtSource}, build it
 * {@link Builder#x509BundlesFrom(X509Source) from} {@link Builder#jwtBundlesFrom(JwtSource) them}: it then serves
 * their bundles (the X.509 bundles of {@code FetchX509SVID}, the JWT bundles of the JWT source's stream) instead of
 * following a second stream of the same material, so a TLS handshake and a later check of the same peer read the
 * same bundle.
 */
public final class BundleSource implements X509BundleSource, JwtBundleSource, AutoCloseable {

    private final SourceConnection connection;

    private final Topic<X509BundleSet> x509Bundles;

    private final Topic<JwtBundleSet> jwtBundles;

    private BundleSource(Builder builder) {
        boolean followsStreams = builder.x509Source == null || builder.jwtSource == null;
        this.connection = followsStreams ? new SourceConnection(builder) : null;
        List<LiveValue<?, ?>> followed = new ArrayList<>();
        if (builder.x509Source != null) {
            this.x509Bundles = builder.x509Source.bundleTopic();
        }
        else {
            LiveValue<X509BundleSet, X509BundleSet> live = new LiveValue<>("X.509 bundles", update -> update, builder.clock());
            this.connection.follow(this.connection.client()::watchX509Bundles, live);
            followed.add(live);
            this.x509Bundles = Topic.of(() -> Objects.requireNonNullElse(live.currentOrNull(), X509BundleSet.empty()),
                    () -> live.state(null));
        }
        if (builder.jwtSource != null) {
            this.jwtBundles = builder.jwtSource.bundleTopic();
        }
        else {
            LiveValue<JwtBundleSet, JwtBundleSet> live = new LiveValue<>("JWT bundles", update -> update, builder.clock());
            this.connection.follow(this.connection.client()::watchJwtBundles, live);
            followed.add(live);
            this.jwtBundles = Topic.of(() -> Objects.requireNonNullElse(live.currentOrNull(), JwtBundleSet.empty()),
                    () -> live.state(null));
        }
        if (this.connection != null) {
            this.connection.awaitFirst(followed.toArray(new LiveValue<?, ?>[0]));
        }
    }

    /**
     * A source on the address in {@code SPIFFE_ENDPOINT_SOCKET}, with default settings.
     *
     * @throws WorkloadApiException if the bundles do not arrive within 30 s
     */
    public static BundleSource start() {
        return builder().build();
    }

    /** A builder of a source; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The X.509 bundles (empty if withdrawn). */
    public X509BundleSet x509Bundles() {
        return this.x509Bundles.current();
    }

    /** The JWT bundles (empty if withdrawn). */
    public JwtBundleSet jwtBundles() {
        return this.jwtBundles.current();
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
        return LiveValue.merge(this.x509Bundles.state(), this.jwtBundles.state());
    }

    /**
     * Stops following the streams this source follows itself (and closes its client unless it was shared); the
     * sources it was built from stay open. Idempotent.
     */
    @Override
    public void close() {
        if (this.connection != null) {
            this.connection.close();
        }
    }

    @Override
    public String toString() {
        return "BundleSource[x509=" + this.x509Bundles.current().trustDomains() + ", jwt="
                + this.jwtBundles.current().trustDomains() + "]";
    }

    /** Builds a {@link BundleSource}. */
    public static final class Builder extends SourceBuilder<Builder> {

        private X509Source x509Source;

        private JwtSource jwtSource;

        private Builder() {
        }

        /**
         * Serves the X.509 bundles of this source's {@code FetchX509SVID} stream rather than following
         * {@code FetchX509Bundles}.
         */
        public Builder x509BundlesFrom(X509Source source) {
            this.x509Source = Objects.requireNonNull(source, "X.509 source");
            return this;
        }

        /** Serves the JWT bundles of this source rather than following {@code FetchJWTBundles} a second time. */
        public Builder jwtBundlesFrom(JwtSource source) {
            this.jwtSource = Objects.requireNonNull(source, "JWT source");
            return this;
        }

        /**
         * Starts the source and waits for the first X.509 and JWT bundles of the streams it follows itself.
         *
         * @throws WorkloadApiException if they do not arrive within the startup timeout
         */
        public BundleSource build() {
            return new BundleSource(this);
        }
    }
}
