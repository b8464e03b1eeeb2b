package dev.spiffeboot.autoconfigure.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.spiffeboot.security.RequestPrincipal;

/**
 * Tokens that validated once, so that a client reusing its token pays for a hash and a lookup instead of a
 * signature check. An entry is keyed by the SHA-256 digest of the whole token (the token itself is not kept) and
 * is served while the verifier would still accept it and the keys that validated it are the current ones. At most
 * {@code maxSize} entries are held; expired ones are dropped first when it is full.
 */
final class ValidatedTokenCache {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(ValidatedTokenCache::newDigest);

    private final Map<Digest, Validated> entries = new ConcurrentHashMap<>();

    private final int maxSize;

    private final Clock clock;

    ValidatedTokenCache(int maxSize, Clock clock) {
        this.maxSize = maxSize;
        this.clock = clock;
    }

    /**
     * A validation result: the principal, until when the verifier would still accept the token ({@code exp} plus
     * the clock skew), the keys that validated it, and how to read the keys in force now.
     */
    record Validated(RequestPrincipal principal, Instant serveUntil, Object keysUsed, Supplier<Object> currentKeys) {

        boolean expired(Instant now) {
            return !now.isBefore(this.serveUntil);
        }

        Validated withKeys(Object keys) {
            return new Validated(this.principal, this.serveUntil, keys, this.currentKeys);
        }
    }

    /** The principal of a token validated before and still servable, or {@code null}. */
    RequestPrincipal get(String token) {
        if (this.maxSize == 0) {
            return null;
        }
        Digest digest = Digest.of(token);
        Validated validated = this.entries.get(digest);
        if (validated == null) {
            return null;
        }
        if (validated.expired(this.clock.instant())) {
            this.entries.remove(digest, validated);
            return null;
        }
        Object current = validated.currentKeys().get();
        if (current != validated.keysUsed()) {
            if (!Objects.equals(current, validated.keysUsed())) {
                this.entries.remove(digest, validated);
                return null;
            }
            // an update with the same keys: remember the new instance so later hits compare by identity only
            this.entries.replace(digest, validated, validated.withKeys(current));
        }
        return validated.principal();
    }

    void put(String token, Validated validated) {
        if (this.maxSize == 0) {
            return;
        }
        if (this.entries.size() >= this.maxSize) {
            makeRoom();
        }
        this.entries.put(Digest.of(token), validated);
    }

    int size() {
        return this.entries.size();
    }

    /** Drops the expired entries and, if that is not enough, a tenth of the others, so that misses stay cheap. */
    private void makeRoom() {
        Instant now = this.clock.instant();
        this.entries.values().removeIf(validated -> validated.expired(now));
        int excess = this.entries.size() - this.maxSize + Math.max(1, this.maxSize / 10);
        Iterator<Digest> keys = this.entries.keySet().iterator();
        for (int i = 0; i < excess && keys.hasNext(); i++) {
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
