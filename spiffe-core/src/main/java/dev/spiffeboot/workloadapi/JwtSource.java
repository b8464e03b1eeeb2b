package dev.spiffeboot.workloadapi;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.bundle.JwtBundleSource;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.jwt.JwtSvid;

/**
 * JWT-SVIDs of this workload, minted by the Workload API per audience set and cached (see the cache rules below),
 * and the JWT bundles of every trusted trust domain, kept current by following {@code FetchJWTBundles}.
 * <p>
 * A token is served from the cache until half of its lifetime has passed; tokens in use are refreshed in the
 * background at 40 % of their lifetime, so callers do not pay a Workload API call per request. Creating the source
 * blocks until the first JWT bundles arrive (up to the startup timeout).
 */
public final class JwtSource implements JwtBundleSource, AutoCloseable {

    private final SourceConnection connection;

    private final LiveValue<JwtBundleSet, JwtBundleSet> bundles;

    private final JwtSvidCache cache;

    private JwtSource(Builder builder) {
        this.connection = new SourceConnection(builder);
        WorkloadApiClient client = this.connection.client();
        this.bundles = new LiveValue<>("JWT bundles", update -> update, builder.clock());
        this.cache = new JwtSvidCache(
                key -> client.fetchJwtSvidsAsync(key.audiences(), key.subject()).thenApply(svids -> svids.get(0)),
                client.scheduler(), builder.clock(), builder.startupTimeout());
        this.connection.follow(client::watchJwtBundles, this.bundles);
        this.connection.awaitFirst(this.bundles);
    }

    /**
     * A source on the address in {@code SPIFFE_ENDPOINT_SOCKET}, with default settings.
     *
     * @throws WorkloadApiException if no JWT bundles arrive within 30 s
     */
    public static JwtSource start() {
        return builder().build();
    }

    /** A builder; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A JWT-SVID of this workload's default identity for the audiences, from the cache when it has one within
     * half of its lifetime.
     *
     * @throws WorkloadApiException if a token must be minted and the Workload API fails
     */
    public JwtSvid fetchJwtSvid(String audience, String... moreAudiences) {
        return fetch(null, audience, moreAudiences);
    }

    /**
     * A JWT-SVID of the given identity of this workload for the audiences, cached like
     * {@link #fetchJwtSvid(String, String...)}.
     *
     * @throws WorkloadApiException if a token must be minted and the Workload API fails
     */
    public JwtSvid fetchJwtSvid(SpiffeId subject, String audience, String... moreAudiences) {
        return fetch(Objects.requireNonNull(subject, "subject"), audience, moreAudiences);
    }

    /**
     * {@link #fetchJwtSvid(String, String...)} without blocking, for reactive callers: the future is complete at once
     * when the cache has the token, and otherwise completes on the client's thread (or fails with a
     * {@link WorkloadApiException}).
     */
    public CompletableFuture<JwtSvid> fetchJwtSvidAsync(String audience, String... moreAudiences) {
        return this.cache.getAsync(key(null, audience, moreAudiences));
    }

    private JwtSvid fetch(SpiffeId subject, String audience, String... moreAudiences) {
        return this.cache.get(key(subject, audience, moreAudiences));
    }

    private static JwtSvidCache.Key key(SpiffeId subject, String audience, String... moreAudiences) {
        Objects.requireNonNull(audience, "audience");
        if (moreAudiences.length == 0) {
            // the common case, on every cached fetch: one immutable set, which the key keeps as it is
            return new JwtSvidCache.Key(Set.of(audience), subject);
        }
        Set<String> audiences = new LinkedHashSet<>();
        audiences.add(audience);
        audiences.addAll(List.of(moreAudiences));
        return new JwtSvidCache.Key(audiences, subject);
    }

    /** The JWT bundles of every trusted trust domain (empty if withdrawn). */
    public JwtBundleSet bundles() {
        JwtBundleSet current = this.bundles.currentOrNull();
        return current == null ? JwtBundleSet.empty() : current;
    }

    /** The JWT bundles as a topic of their own, for a {@link BundleSource} that reuses this source's stream. */
    Topic<JwtBundleSet> bundleTopic() {
        return Topic.of(this::bundles, () -> this.bundles.state(null));
    }

    @Override
    public Optional<JwtBundle> findJwtBundle(TrustDomain trustDomain) {
        return bundles().findJwtBundle(trustDomain);
    }

    /** The health of the JWT bundle stream. */
    public SourceState state() {
        return this.bundles.state(null);
    }

    /** Stops following the Workload API (and closes the client unless it was shared). Idempotent. */
    @Override
    public void close() {
        this.connection.close();
    }

    @Override
    public String toString() {
        return "JwtSource[" + this.connection.client().address() + "]";
    }

    /** Builds a {@link JwtSource}. */
    public static final class Builder extends SourceBuilder<Builder> {

        private Builder() {
        }

        /**
         * Starts the source and waits for the first JWT bundles.
         *
         * @throws WorkloadApiException if none arrive within the startup timeout, or the Workload API refuses the
         * call for good
         */
        public JwtSource build() {
            return new JwtSource(this);
        }
    }
}
