package dev.spiffeboot.autoconfigure.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.spiffeboot.security.RequestPrincipal;

/**
 * Tokens that validated once, so that a client reusing its token pays for a hash and a lookup instead of a
 * signature check. An entry is keyed by the SHA-256 digest of the whole token (the token itself is not kept) and
 * is served until the token expires or the keys that validated it are no longer the current ones, whichever comes
 * first. At most {@code maxSize} entries are held; expired ones are dropped first when it is full.
 */
final class ValidatedTokenCache {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(ValidatedTokenCache::newDigest);

    private final Map<Digest, Entry> entries = new ConcurrentHashMap<>();

    private final int maxSize;

    private final Clock clock;

    ValidatedTokenCache(int maxSize, Clock clock) {
        this.maxSize = maxSize;
        this.clock = clock;
    }

    /**
     * A validation result: the principal, the keys that validated the token, and how to read the keys in force now
     * (compared by identity first, then by equality).
     */
    record Validated(RequestPrincipal principal, Object keysUsed, Supplier<Object> currentKeys) {
    }

    private record Entry(Validated validated) {

        boolean servable(Clock clock) {
            if (!clock.instant().isBefore(this.validated.principal().expiresAt())) {
                return false;
            }
            Object current = this.validated.currentKeys().get();
            return current == this.validated.keysUsed() || Objects.equals(current, this.validated.keysUsed());
        }
    }

    /** The principal of a token validated before and still servable, or {@code null}. */
    RequestPrincipal get(String token) {
        if (this.maxSize == 0) {
            return null;
        }
        Digest digest = Digest.of(token);
        Entry entry = this.entries.get(digest);
        if (entry == null) {
            return null;
        }
        if (!entry.servable(this.clock)) {
            this.entries.remove(digest, entry);
            return null;
        }
        return entry.validated().principal();
    }

    void put(String token, Validated validated) {
        if (this.maxSize == 0) {
            return;
        }
        if (this.entries.size() >= this.maxSize) {
            makeRoom();
        }
        this.entries.put(Digest.of(token), new Entry(validated));
    }

    int size() {
        return this.entries.size();
    }

    private void makeRoom() {
        this.entries.values().removeIf(entry -> !entry.servable(this.clock));
        Iterator<Digest> keys = this.entries.keySet().iterator();
        while (this.entries.size() >= this.maxSize && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
        }
    }

    /** A SHA-256 digest as four longs: cheap to hash and compare. */
    private record Digest(long a, long b, long c, long d) {

        static Digest of(String token) {
            MessageDigest sha256 = SHA_256.get();
            ByteBuffer hash = ByteBuffer.wrap(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
            return new Digest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
        }
    }
}
