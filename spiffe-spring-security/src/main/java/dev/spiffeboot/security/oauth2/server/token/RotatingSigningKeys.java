package dev.spiffeboot.security.oauth2.server.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/**
 * The keys a service signs its own access tokens with: EC P-256 keys made in memory, never written anywhere, a new
 * one every {@code rotation}; a replaced key still verifies for {@code retention} (the longest a token it signed is
 * valid), and after that the tokens it signed are refused. A restart makes a new key, so tokens issued before a
 * restart are refused and their clients get new ones.
 */
public final class RotatingSigningKeys {

    private final Duration rotation;

    private final Duration retention;

    private final Clock clock;

    private volatile State state;

    private record Retired(ECKey key, Instant verifiesUntil) {
    }

    private record State(ECKey current, Instant replaceAt, List<Retired> retired, JWKSet verificationKeys) {
    }

    /**
     * Keys rotating at that interval.
     *
     * @param rotation how long a key signs
     * @param retention how long a replaced key still verifies
     * @param clock the clock
     */
    public RotatingSigningKeys(Duration rotation, Duration retention, Clock clock) {
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (rotation.isNegative() || rotation.isZero()) {
            throw new IllegalArgumentException("the key rotation interval must be positive, got " + rotation);
        }
    }

    /** The algorithm of the keys. */
    public JWSAlgorithm algorithm() {
        return JWSAlgorithm.ES256;
    }

    /** The key to sign with now (private). */
    public ECKey signingKey() {
        return current().current();
    }

    /** The public keys a token may be verified with now: the signing key's and the retained ones'. */
    public JWKSet verificationKeys() {
        return current().verificationKeys();
    }

    private State current() {
        Instant now = this.clock.instant();
        State seen = this.state;
        return isCurrent(seen, now) ? seen : next(now);
    }

    private static boolean isCurrent(State state, Instant now) {
        return state != null && now.isBefore(state.replaceAt()) && state.retired().stream().allMatch(r -> now.isBefore(r.verifiesUntil()));
    }

    private synchronized State next(Instant now) {
        State seen = this.state;
        if (isCurrent(seen, now)) {
            return seen;
        }
        List<Retired> retired = new ArrayList<>();
        ECKey current;
        Instant replaceAt;
        if (seen == null || !now.isBefore(seen.replaceAt())) {
            current = generate();
            replaceAt = now.plus(this.rotation);
            if (seen != null) {
                retired.add(new Retired(seen.current(), now.plus(this.retention)));
            }
        }
        else {
            current = seen.current();
            replaceAt = seen.replaceAt();
        }
        if (seen != null) {
            seen.retired().stream().filter(r -> now.isBefore(r.verifiesUntil())).forEach(retired::add);
        }
        List<JWK> verification = new ArrayList<>();
        verification.add(current.toPublicJWK());
        retired.forEach(r -> verification.add(r.key().toPublicJWK()));
        this.state = new State(current, replaceAt, List.copyOf(retired), new JWKSet(verification));
        return this.state;
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                .keyIDFromThumbprint(true).generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("cannot make an EC P-256 key: " + ex.getMessage(), ex);
        }
    }
}
