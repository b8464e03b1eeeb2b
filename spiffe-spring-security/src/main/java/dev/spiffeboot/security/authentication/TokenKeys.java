package dev.spiffeboot.security.authentication;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Whether the keys that validated a token are still the keys in force: a cached validation stands only as long as
 * they are, so a key that leaves the bundle (or the issuer's JWK Set) takes the tokens it signed with it.
 */
@FunctionalInterface
public interface TokenKeys {

    /** Whether the keys that validated the token are still the ones in force. */
    boolean stillCurrent();

    /** Keys that never change, e.g. for tokens validated by a remote call that has no local keys. */
    static TokenKeys unchanging() {
        return () -> true;
    }

    /**
     * The keys used, compared with the keys in force at each look: by identity first (the usual case, one
     * comparison), then by equality, after which the equal new instance is remembered so later looks compare by
     * identity again.
     *
     * @param used the keys that validated the token ({@code null} when there were none)
     * @param current the keys in force now ({@code null} when there are none)
     * @param <K> the type of the keys: a JWT bundle, a JWK Set
     */
    static <K> TokenKeys of(K used, Supplier<K> current) {
        Objects.requireNonNull(current, "current keys");
        return new TokenKeys() {

            private volatile K latest = used;

            @Override
            public boolean stillCurrent() {
                K now = current.get();
                K seen = this.latest;
                if (now == seen) {
                    return true;
                }
                if (!Objects.equals(now, seen)) {
                    return false;
                }
                this.latest = now;
                return true;
            }
        };
    }
}
