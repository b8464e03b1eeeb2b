package dev.spiffeboot.security.oauth2.server.authorization;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client assertions already used, by client ID and {@code jti}, each until its token can no longer be accepted:
 * a {@code jti} the same client used before is a replay. At most {@code maxEntries} are held; a new assertion that
 * finds them full drops the ones whose time is over, and when none is, it is refused rather than a used one
 * forgotten, so that a flood makes clients retry instead of opening a replay window. Held in this instance's
 * memory: instances of the authorization server do not share it.
 */
final class UsedAssertionIds {

    /** What using an assertion found. */
    enum Use {

        /** Its first use: it is now remembered. */
        FIRST,

        /** The client used the same {@code jti} before, and that token may still be accepted. */
        REPLAYED,

        /** Too many assertions are remembered to remember one more. */
        FULL
    }

    private final Map<String, Instant> forgetAfter = new ConcurrentHashMap<>();

    private final int maxEntries;

    private final Clock clock;

    UsedAssertionIds(int maxEntries, Clock clock) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("the most assertions remembered must be positive, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /**
     * Uses an assertion.
     *
     * @param clientId the client that sent it
     * @param jwtId its {@code jti}
     * @param acceptedUntil the last instant its token may be accepted (its {@code exp} with the clock skew)
     */
    Use use(String clientId, String jwtId, Instant acceptedUntil) {
        Instant now = this.clock.instant();
        if (this.forgetAfter.size() >= this.maxEntries && !dropOutdated(now)) {
            return Use.FULL;
        }
        // a space cannot occur in a client ID URL, so the key names one client and one jti
        String key = clientId + " " + jwtId;
        boolean[] first = new boolean[1];
        this.forgetAfter.compute(key, (name, held) -> {
            if (held == null || held.isBefore(now)) {
                first[0] = true;
                return acceptedUntil;
            }
            return held;
        });
        return first[0] ? Use.FIRST : Use.REPLAYED;
    }

    /** Drops the assertions whose time is over; whether there is room now. */
    private synchronized boolean dropOutdated(Instant now) {
        this.forgetAfter.values().removeIf(until -> until.isBefore(now));
        return this.forgetAfter.size() < this.maxEntries;
    }

    /** How many assertions are remembered. */
    int size() {
        return this.forgetAfter.size();
    }
}
