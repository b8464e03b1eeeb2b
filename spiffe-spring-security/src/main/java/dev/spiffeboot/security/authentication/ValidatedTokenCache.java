package dev.spiffeboot.security.authentication;

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

/**
 * Tokens that validated once, so that a client reusing its token pays for a hash and a lookup instead of a
 * signature check. An entry is keyed by the SHA-256 digest of the whole token (the token itself is not kept) and
 * is served while the validation would still accept the token and the keys that validated it are still in force
 * ({@link VerifiedToken#keys()}). At most {@code maxSize} entries are held; expired ones are dropped first when it
 * is full. Thread-safe.
 */
public final class ValidatedTokenCache {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(ValidatedTokenCache::newDigest);

    private final Map<Digest, VerifiedToken> entries = new ConcurrentHashMap<>();

    private final int maxSize;

    private final Clock clock;

    /**
     * A cache of at most {@code maxSize} tokens.
     *
     * @param maxSize how many tokens at most; 0 turns the cache off
     * @param clock the clock that tells when a token is past its acceptance
     */
    public ValidatedTokenCache(int maxSize, Clock clock) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("cache size cannot be negative: " + maxSize);
        }
        this.maxSize = maxSize;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The validation of a token validated before and still servable, or {@code null}. */
    public VerifiedToken get(String token) {
        if (this.maxSize == 0) {
            return null;
        }
        Digest digest = Digest.of(token);
        VerifiedToken verified = this.entries.get(digest);
        if (verified == null) {
            return null;
        }
        if (verified.expiredAt(this.clock.instant()) || !verified.keys().stillCurrent()) {
            this.entries.remove(digest, verified);
            return null;
        }
        return verified;
    }

    /** Remembers a token's validation. */
    public void put(String token, VerifiedToken verified) {
        if (this.maxSize == 0) {
            return;
        }
        if (this.entries.size() >= this.maxSize) {
            makeRoom();
        }
        this.entries.put(Digest.of(token), verified);
    }

    /** How many tokens are remembered. */
    public int size() {
        return this.entries.size();
    }

    /** Drops the expired entries and, if that is not enough, a tenth of the others, so that misses stay cheap. */
    private void makeRoom() {
        Instant now = this.clock.instant();
        this.entries.values().removeIf(verified -> verified.expiredAt(now));
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
