package dev.spiffeboot.security.clientmetadata;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.spiffeboot.security.clientmetadata.ClientMetadataException.Kind;

/**
 * Fetched values by URL (documents, or JWK Sets): at most {@code maxEntries}, the least recently used dropped first;
 * each fresh for the lifetime its answer gave, held within {@code [minLifetime, maxLifetime]} (5 minutes when the
 * answer gave none). At most one fetch per URL runs at a time: concurrent callers wait for it and share its result,
 * and no lock is held while fetching, so one slow issuer never blocks another. A refresh that finds the server
 * unreachable keeps the value held before (and tries again after {@code minRefetchInterval}); a refresh that gets a
 * definite refusal (an invalid document, a bad answer) drops it. A forced refetch (a token names a key the value
 * lacks) runs at most once per {@code minRefetchInterval} per URL, counted from the last forced one, so that a key
 * published just after a regular fetch is found at once while made-up key IDs cannot make this service flood the
 * issuer.
 *
 * @param <V> the type of the values
 */
final class MetadataCache<V> {

    private static final Log logger = LogFactory.getLog(MetadataCache.class);

    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    /** Fetches and checks the value at a URL. */
    @FunctionalInterface
    interface Loader<V> {

        Loaded<V> load(URI uri) throws ClientMetadataException;
    }

    /**
     * A fetched value.
     *
     * @param lifetime how long it may be reused as its answer said, or {@code null} when it said nothing
     */
    record Loaded<V>(V value, Duration lifetime) {
    }

    /** A value held, until when it is fresh, and when a fetch was last forced for it ({@code null}: never). */
    static final class Entry<V> {

        private final V value;

        private final Instant freshUntil;

        private final Instant forcedAt;

        private volatile long lastUsed;

        Entry(V value, Instant freshUntil, Instant forcedAt) {
            this.value = value;
            this.freshUntil = freshUntil;
            this.forcedAt = forcedAt;
        }

        V value() {
            return this.value;
        }
    }

    private final Map<URI, Entry<V>> entries = new ConcurrentHashMap<>();

    private final Map<URI, CompletableFuture<Entry<V>>> inFlight = new ConcurrentHashMap<>();

    private final Loader<V> loader;

    private final int maxEntries;

    private final Clock clock;

    private final Duration minLifetime;

    private final Duration maxLifetime;

    private final Duration minRefetchInterval;

    MetadataCache(Loader<V> loader, int maxEntries, Clock clock, Duration minLifetime, Duration maxLifetime,
            Duration minRefetchInterval) {
        this.loader = loader;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.minLifetime = minLifetime;
        this.maxLifetime = maxLifetime;
        this.minRefetchInterval = minRefetchInterval;
    }

    /**
     * The value at the URL: held and fresh, else fetched.
     *
     * @throws ClientMetadataException if it cannot be had (unreachable with nothing held, or refused)
     */
    Entry<V> get(URI uri) throws ClientMetadataException {
        Entry<V> held = this.entries.get(uri);
        if (held != null && this.clock.instant().isBefore(held.freshUntil)) {
            return used(held);
        }
        return load(uri, held, false);
    }

    /**
     * The value at the URL fetched again because it lacked something, unless a fetch was forced less than
     * {@code minRefetchInterval} ago: then the value seen, or the one that replaced it meanwhile.
     */
    Entry<V> refetch(URI uri, Entry<V> seen) throws ClientMetadataException {
        Entry<V> held = this.entries.get(uri);
        if (held != null && held != seen) {
            return used(held);
        }
        if (seen.forcedAt != null && this.clock.instant().isBefore(seen.forcedAt.plus(this.minRefetchInterval))) {
            return seen;
        }
        return load(uri, seen, true);
    }

    /** The value held for the URL, fresh or not, without fetching; {@code null} when none is. */
    V peek(URI uri) {
        Entry<V> held = this.entries.get(uri);
        return (held != null) ? used(held).value : null;
    }

    /** How many values are held. */
    int size() {
        return this.entries.size();
    }

    private Entry<V> used(Entry<V> entry) {
        entry.lastUsed = System.nanoTime();
        return entry;
    }

    private Entry<V> load(URI uri, Entry<V> seen, boolean forced) throws ClientMetadataException {
        CompletableFuture<Entry<V>> mine = new CompletableFuture<>();
        CompletableFuture<Entry<V>> running = this.inFlight.putIfAbsent(uri, mine);
        if (running != null) {
            return await(running);
        }
        try {
            // another caller's fetch may have ended between our look and our claim: its result is as good as ours
            Entry<V> held = this.entries.get(uri);
            if (held != null && held != seen && (forced || this.clock.instant().isBefore(held.freshUntil))) {
                mine.complete(held);
                return used(held);
            }
            Entry<V> loaded = fetch(uri, held, forced);
            mine.complete(loaded);
            return loaded;
        }
        catch (ClientMetadataException | RuntimeException ex) {
            mine.completeExceptionally(ex);
            throw ex;
        }
        finally {
            this.inFlight.remove(uri, mine);
        }
    }

    private Entry<V> fetch(URI uri, Entry<V> held, boolean forced) throws ClientMetadataException {
        Instant now = this.clock.instant();
        // the last forced fetch carries over to the value that replaces it, so regular refreshes do not reset the limit
        Instant forcedAt = forced ? now : (held != null) ? held.forcedAt : null;
        try {
            Loaded<V> loaded = this.loader.load(uri);
            Entry<V> entry = new Entry<>(loaded.value(), now.plus(bounded(loaded.lifetime())), forcedAt);
            store(uri, entry);
            return used(entry);
        }
        catch (ClientMetadataException ex) {
            if (ex.kind() != Kind.UNREACHABLE) {
                this.entries.remove(uri);
                throw ex;
            }
            if (held == null) {
                throw ex;
            }
            logger.warn("Could not refresh client metadata: " + ex.getMessage() + "; keeping what was fetched before");
            Entry<V> kept = new Entry<>(held.value, now.plus(this.minRefetchInterval), forcedAt);
            store(uri, kept);
            return used(kept);
        }
    }

    private Duration bounded(Duration lifetime) {
        Duration wanted = (lifetime != null) ? lifetime : DEFAULT_LIFETIME;
        if (wanted.compareTo(this.minLifetime) < 0) {
            return this.minLifetime;
        }
        return (wanted.compareTo(this.maxLifetime) > 0) ? this.maxLifetime : wanted;
    }

    private synchronized void store(URI uri, Entry<V> entry) {
        if (!this.entries.containsKey(uri) && this.entries.size() >= this.maxEntries) {
            evictLeastRecentlyUsed();
        }
        this.entries.put(uri, entry);
    }

    /** A scan of every entry: it runs only when a new URL is fetched into a full cache, never on a lookup. */
    private void evictLeastRecentlyUsed() {
        URI eldest = null;
        long eldestUse = Long.MAX_VALUE;
        for (Map.Entry<URI, Entry<V>> candidate : this.entries.entrySet()) {
            long lastUsed = candidate.getValue().lastUsed;
            if (eldest == null || lastUsed - eldestUse < 0) {
                eldest = candidate.getKey();
                eldestUse = lastUsed;
            }
        }
        if (eldest != null) {
            this.entries.remove(eldest);
        }
    }

    private static <V> Entry<V> await(CompletableFuture<Entry<V>> running) throws ClientMetadataException {
        try {
            return running.join();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof ClientMetadataException failure) {
                throw failure;
            }
            if (ex.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw ex;
        }
    }
}
