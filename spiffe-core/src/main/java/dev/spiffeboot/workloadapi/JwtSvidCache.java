package dev.spiffeboot.workloadapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.jwt.JwtSvid;

/**
 * JWT-SVIDs by audience set (and subject), so callers pay a Workload API call only when a token must be minted.
 * <ul>
 * <li>A token is served from the cache until half of its lifetime (counted from when it was fetched) has passed.</li>
 * <li>A token that was used is refreshed in the background at 40 % of its lifetime, so busy callers never see one
 * past half-life and never wait.</li>
 * <li>After half-life, a caller still gets the cached token while a refresh runs, until {@link #EXPIRY_MARGIN}
 * before expiry; only then does it wait for a new one.</li>
 * <li>Concurrent requests for one key share one call. At most {@link #MAX_ENTRIES} keys are kept; the least
 * recently used is dropped first, and unused tokens are dropped when they expire.</li>
 * </ul>
 */
final class JwtSvidCache {

    static final double PROACTIVE_REFRESH_AT = 0.4;

    static final double SERVE_UNTIL = 0.5;

    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);

    static final int MAX_ENTRIES = 1024;

    private static final Logger logger = LoggerFactory.getLogger(JwtSvidCache.class);

    /** What a token is minted for. */
    record Key(Set<String> audiences, SpiffeId subject) {

        Key {
            audiences = Set.copyOf(audiences);
        }
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    private final Function<Key, CompletableFuture<JwtSvid>> fetcher;

    private final ScheduledExecutorService scheduler;

    private final Clock clock;

    private final Duration waitLimit;

    JwtSvidCache(Function<Key, CompletableFuture<JwtSvid>> fetcher, ScheduledExecutorService scheduler, Clock clock, Duration waitLimit) {
        this.fetcher = fetcher;
        this.scheduler = scheduler;
        this.clock = clock;
        this.waitLimit = waitLimit;
    }

    private static final class Entry {

        /** The token and the points of its life, published together so that readers never see half an update. */
        volatile Cached cached;

        volatile Instant lastUsed;

        CompletableFuture<JwtSvid> inflight;
    }

    /** A fetched token, with when it was fetched and the instants computed once that every request compares with. */
    private record Cached(JwtSvid svid, Instant fetchedAt, Instant refreshAt, Instant serveUntil, Instant usableUntil) {

        static Cached of(JwtSvid svid, Instant fetchedAt) {
            long lifetime = Duration.between(fetchedAt, svid.expiresAt()).toMillis();
            return new Cached(svid, fetchedAt, fetchedAt.plusMillis((long) (lifetime * PROACTIVE_REFRESH_AT)),
                    fetchedAt.plusMillis((long) (lifetime * SERVE_UNTIL)), svid.expiresAt().minus(EXPIRY_MARGIN));
        }
    }

    JwtSvid get(Key key) {
        return await(getAsync(key));
    }

    /** The token for the key: completed at once when cached, else when the Workload API has minted it. */
    CompletableFuture<JwtSvid> getAsync(Key key) {
        Entry entry = this.entries.computeIfAbsent(key, k -> new Entry());
        Instant now = this.clock.instant();
        entry.lastUsed = now;
        Cached current = entry.cached;
        if (current != null && now.isBefore(current.serveUntil())) {
            return CompletableFuture.completedFuture(current.svid());
        }
        if (current != null && now.isBefore(current.usableUntil())) {
            refresh(key, entry);
            return CompletableFuture.completedFuture(current.svid());
        }
        evictIfFull();
        return refresh(key, entry).copy().orTimeout(this.waitLimit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a fetch for the key unless one is running; returns the running fetch. */
    private CompletableFuture<JwtSvid> refresh(Key key, Entry entry) {
        synchronized (entry) {
            CompletableFuture<JwtSvid> running = entry.inflight;
            if (running == null) {
                running = this.fetcher.apply(key);
                entry.inflight = running;
                // may complete at once, on this thread (the lock is re-entrant)
                running.whenComplete((svid, error) -> completed(key, entry, svid, error));
            }
            return running;
        }
    }

    private void completed(Key key, Entry entry, JwtSvid svid, Throwable error) {
        Cached cached;
        synchronized (entry) {
            entry.inflight = null;
            if (error != null) {
                logger.warn("Could not refresh the JWT-SVID for audience {}: {}", key.audiences(), rootMessage(error));
                return;
            }
            cached = Cached.of(svid, this.clock.instant());
            entry.cached = cached;
        }
        long delay = Math.max(0, Duration.between(this.clock.instant(), cached.refreshAt()).toMillis());
        Cached scheduledFor = cached;
        this.scheduler.schedule(() -> refreshIfUsed(key, entry, scheduledFor), delay, TimeUnit.MILLISECONDS);
    }

    /** At 40 % of a token's life: refresh it if it was used since it was fetched, else let it lapse. */
    private void refreshIfUsed(Key key, Entry entry, Cached scheduledFor) {
        if (entry.cached != scheduledFor || this.entries.get(key) != entry) {
            return;
        }
        if (entry.lastUsed.isAfter(scheduledFor.fetchedAt())) {
            refresh(key, entry);
            return;
        }
        long untilExpiry = Math.max(0, Duration.between(this.clock.instant(), scheduledFor.svid().expiresAt()).toMillis());
        this.scheduler.schedule(() -> {
            if (entry.cached == scheduledFor && !entry.lastUsed.isAfter(scheduledFor.fetchedAt())) {
                this.entries.remove(key, entry);
            }
        }, untilExpiry, TimeUnit.MILLISECONDS);
    }

    private JwtSvid await(CompletableFuture<JwtSvid> fetch) {
        try {
            return fetch.get(this.waitLimit.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof TimeoutException) {
                throw timeout();
            }
            if (ex.getCause() instanceof WorkloadApiException) {
                throw (WorkloadApiException) ex.getCause();
            }
            if (ex.getCause() instanceof RuntimeException) {
                throw (RuntimeException) ex.getCause();
            }
            throw new CompletionException(ex.getCause());
        }
        catch (TimeoutException ex) {
            throw timeout();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new WorkloadApiException("interrupted while waiting for a JWT-SVID", WorkloadApiStatus.CANCELLED, false);
        }
    }

    private WorkloadApiException timeout() {
        return new WorkloadApiException("no JWT-SVID from the Workload API within " + this.waitLimit, WorkloadApiStatus.DEADLINE_EXCEEDED, false);
    }

    private void evictIfFull() {
        if (this.entries.size() <= MAX_ENTRIES) {
            return;
        }
        this.entries.entrySet()
            .stream()
            .filter(candidate -> candidate.getValue().lastUsed != null)
            .min(Comparator.comparing(candidate -> candidate.getValue().lastUsed))
            .ifPresent(oldest -> this.entries.remove(oldest.getKey(), oldest.getValue()));
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && (cause instanceof CompletionException || cause instanceof ExecutionException)) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
