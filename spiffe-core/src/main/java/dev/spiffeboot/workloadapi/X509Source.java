package dev.spiffeboot.workloadapi;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.bundle.X509BundleSource;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.svid.x509.X509SvidSource;
import dev.spiffeboot.text.LogSafe;

/**
 * This workload's X509-SVID and the X.509 bundles it trusts (its own trust domain's and federated ones), kept
 * current by following the Workload API's {@code FetchX509SVID} stream.
 * <p>
 * Creating a source blocks until the first update arrives (up to the startup timeout) and fails with a message that
 * names the address and the last gRPC status. Afterwards every call returns the latest material, without I/O; during
 * an outage the last good material is served while the stream reconnects, and {@link #state()} tells how fresh it
 * is. Pass the source to {@code SpiffeSslContexts} for TLS that follows rotation.
 */
public final class X509Source implements X509SvidSource, X509BundleSource, AutoCloseable {

    private final SourceConnection connection;

    private final LiveValue<X509Context, Picked> context;

    /** An update with the SVID the picker chose from it. */
    private record Picked(X509Context context, X509Svid svid) {
    }

    private X509Source(Builder builder) {
        this.connection = new SourceConnection(builder);
        // the picker as it is now: changing the builder later changes nothing running
        Function<X509Context, X509Svid> picker = builder.picker;
        Function<X509Context, Picked> pick = update -> new Picked(update, Builder.pick(picker, update));
        this.context = new LiveValue<>("X509-SVID", pick, builder.clock());
        this.connection.follow(this.connection.client()::watchX509Context, this.context);
        this.connection.awaitFirst(this.context);
    }

    /**
     * A source on the address in {@code SPIFFE_ENDPOINT_SOCKET}, with default settings.
     *
     * @throws WorkloadApiException if no X509-SVID arrives within 30 s
     */
    public static X509Source start() {
        return builder().build();
    }

    /** A builder; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The current X509-SVID (the first one, or the one the picker chose).
     *
     * @throws IllegalStateException if the Workload API withdrew this workload's identities
     */
    @Override
    public X509Svid x509Svid() {
        return this.context.current().svid();
    }

    /**
     * The complete latest update: all SVIDs and bundles.
     *
     * @throws IllegalStateException if the Workload API withdrew this workload's identities
     */
    public X509Context x509Context() {
        return this.context.current().context();
    }

    /** The X.509 bundles of the own and federated trust domains (empty if withdrawn). */
    public X509BundleSet bundles() {
        Picked current = this.context.currentOrNull();
        return current == null ? X509BundleSet.empty() : current.context().bundles();
    }

    /** The X.509 bundles as a topic of their own, for a {@link BundleSource} that reuses this source's stream. */
    Topic<X509BundleSet> bundleTopic() {
        return Topic.of(this::bundles, () -> this.context.state(null));
    }

    @Override
    public Optional<X509Bundle> findX509Bundle(TrustDomain trustDomain) {
        return bundles().findX509Bundle(trustDomain);
    }

    /** Calls the listener with every later update (on the client's callback thread: keep it short). */
    public void addListener(Consumer<X509Context> listener) {
        Objects.requireNonNull(listener, "listener");
        this.context.addListener(picked -> listener.accept(picked.context()));
    }

    /** The health of the source, with the expiry of the SVID in use. */
    public SourceState state() {
        Picked current = this.context.currentOrNull();
        return this.context.state(current == null ? null : current.svid().expiresAt());
    }

    /** Stops following the Workload API (and closes the client unless it was shared). Idempotent. */
    @Override
    public void close() {
        this.connection.close();
    }

    @Override
    public String toString() {
        return "X509Source[" + this.connection.client().address() + "]";
    }

    /** Builds an {@link X509Source}. */
    public static final class Builder extends SourceBuilder<Builder> {

        private Function<X509Context, X509Svid> picker = X509Context::defaultSvid;

        private Builder() {
        }

        /** Uses the first SVID with this hint; updates without one are refused (the last good SVID stays). */
        public Builder hint(String hint) {
            Objects.requireNonNull(hint, "hint");
            this.picker = update -> update.svidWithHint(hint).orElseThrow(() -> ResponseParser.invalid(
                    "no X509-SVID with hint " + LogSafe.quote(hint) + " (hints: "
                            + LogSafe.list(update.svids().stream().map(X509Svid::hint).toList()) + ")"));
            return this;
        }

        /** Chooses the SVID to use from each update (default: the first, as the standard says). */
        public Builder picker(Function<X509Context, X509Svid> picker) {
            this.picker = Objects.requireNonNull(picker, "picker");
            return this;
        }

        static X509Svid pick(Function<X509Context, X509Svid> picker, X509Context update) {
            X509Svid picked = picker.apply(update);
            if (picked == null) {
                throw ResponseParser.invalid("the SVID picker chose none of " + update.svids().size() + " SVIDs");
            }
            return picked;
        }

        /**
         * Starts the source and waits for its first update.
         *
         * @throws WorkloadApiException if none arrives within the startup timeout, or the Workload API refuses
         * the call for good; the message names the address and the last status
         */
        public X509Source build() {
            return new X509Source(this);
        }
    }
}
