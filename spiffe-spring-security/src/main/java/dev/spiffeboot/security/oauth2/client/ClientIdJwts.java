package dev.spiffeboot.security.oauth2.client;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.spiffeboot.text.Base64Url;

/**
 * Mints the JWTs this workload signs as the OAuth client named by its client ID metadata document: {@code iss} and
 * {@code sub} are the client ID (the document's URL), {@code aud} the audience asked for, {@code iat}, a short
 * {@code exp} and a random {@code jti}, signed with the current {@link SvidSigningKeys signing key}. Each call mints
 * a new token, so a token is never reused across requests.
 */
public final class ClientIdJwts {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clientId;

    private final SvidSigningKeys keys;

    private final Duration lifetime;

    private final Clock clock;

    /**
     * Minted tokens of a client.
     *
     * @param clientId the client ID: the https URL of the client ID metadata document
     * @param keys the keys that sign
     * @param lifetime how long a token is valid
     * @param clock the clock
     */
    public ClientIdJwts(URI clientId, SvidSigningKeys keys, Duration lifetime, Clock clock) {
        this.clientId = Objects.requireNonNull(clientId, "client ID").toString();
        this.keys = Objects.requireNonNull(keys, "signing keys");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("the token lifetime must be positive, got " + lifetime);
        }
    }

    /** The client ID: {@code iss} and {@code sub} of the tokens. */
    public String clientId() {
        return this.clientId;
    }

    /** How long a minted token is valid. */
    public Duration lifetime() {
        return this.lifetime;
    }

    /**
     * A new signed token for the audience.
     *
     * @throws IllegalStateException if the token cannot be signed (the SVID's key cannot sign)
     */
    public String mint(String audience) {
        Objects.requireNonNull(audience, "audience");
        SvidSigningKeys.SigningKey key = this.keys.signingKey();
        // whole seconds, as the claims carry them: exp - iat is then exactly the lifetime
        Instant now = Instant.ofEpochSecond(this.clock.instant().getEpochSecond());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
            .issuer(this.clientId)
            .subject(this.clientId)
            .audience(audience)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(this.lifetime)))
            .jwtID(randomId())
            .build();
        JWSHeader header = new JWSHeader.Builder(key.algorithm()).type(JOSEObjectType.JWT).keyID(key.keyId()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(key.signer());
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("cannot sign the client's JWT with the X509-SVID's key: " + ex.getMessage(), ex);
        }
        return jwt.serialize();
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64Url.encode(bytes);
    }
}
