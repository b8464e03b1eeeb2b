package dev.spiffeboot.devagent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.spiffeboot.bundle.JwtAuthority;
import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * Signs the JWT-SVIDs of one trust domain with ES256. Keys are kept in {@code <dir>/<trust-domain>/jwt-keys.json}
 * (a JWK Set with private keys; the last key signs) so every agent using the directory signs with keys the others
 * trust. A key rollover adds a new key and keeps the old ones in the bundle, so tokens already issued still validate;
 * it re-reads the file under the directory's lock first, so agents sharing a directory never drop each other's keys
 * (an agent sees another's new key when it starts or rolls over itself).
 */
final class JwtIssuer {

    private static final String KEY_FILE = "jwt-keys.json";

    private final TrustDomain trustDomain;

    private final CaDirectory directory;

    private final Clock clock;

    /** The signing key and the bundle, built once per key change rather than per token or per call. */
    private volatile SigningKeys keys;

    private record SigningKeys(String signingKeyId, JWSSigner signer, JwtBundle bundle) {
    }

    private JwtIssuer(TrustDomain trustDomain, CaDirectory directory, Clock clock) {
        this.trustDomain = trustDomain;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * Loads the signing keys of the trust domain from its directory, creating the first one if absent; the caller
     * holds the directory's lock.
     */
    static JwtIssuer open(CaDirectory directory, TrustDomain trustDomain, Clock clock) throws IOException {
        JwtIssuer issuer = new JwtIssuer(trustDomain, directory, clock);
        List<ECKey> keys = issuer.read();
        if (keys.isEmpty()) {
            keys.add(newKey());
            issuer.write(keys);
        }
        issuer.use(keys);
        return issuer;
    }

    /** Adds a new signing key; tokens signed with older keys stay valid until they expire. */
    synchronized String rollover() throws IOException {
        return this.directory.locked(() -> {
            List<ECKey> keys = read();
            ECKey key = newKey();
            keys.add(key);
            write(keys);
            use(keys);
            return key.getKeyID();
        });
    }

    private static ECKey newKey() {
        KeyPair pair = Keys.newEcKeyPair();
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).privateKey((ECPrivateKey) pair.getPrivate())
            .keyID(UUID.randomUUID().toString().replace("-", ""))
            .build();
    }

    private List<ECKey> read() throws IOException {
        Path file = this.directory.file(KEY_FILE);
        List<ECKey> keys = new ArrayList<>();
        if (!Files.exists(file)) {
            return keys;
        }
        try {
            for (JWK key : JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)).getKeys()) {
                keys.add(key.toECKey());
            }
            return keys;
        }
        catch (ParseException ex) {
            throw new IOException("cannot read the dev JWT keys in " + file + ": " + ex.getMessage(), ex);
        }
    }

    private void write(List<ECKey> keys) throws IOException {
        Keys.writeSecret(this.directory.file(KEY_FILE), new JWKSet(new ArrayList<JWK>(keys)).toString(false));
    }

    private void use(List<ECKey> keys) throws IOException {
        ECKey signing = keys.get(keys.size() - 1);
        List<JwtAuthority> authorities = new ArrayList<>();
        try {
            for (ECKey key : keys) {
                authorities.add(JwtAuthority.of(key.getKeyID(), key.toECPublicKey()));
            }
            this.keys = new SigningKeys(signing.getKeyID(), new ECDSASigner(signing), JwtBundle.of(this.trustDomain, authorities));
        }
        catch (JOSEException ex) {
            throw new IOException("cannot use the dev JWT keys in " + this.directory + ": " + ex.getMessage(), ex);
        }
    }

    /** Signs a JWT-SVID for the subject and audiences, with {@code exp} = now + TTL and {@code iat} = now. */
    String sign(SpiffeId subject, List<String> audiences, Duration ttl) {
        return sign(subject, audiences, this.clock.instant(), ttl);
    }

    /** Signs a JWT-SVID that expired an hour ago, after living for the TTL. */
    String signExpired(SpiffeId subject, List<String> audiences, Duration ttl) {
        return sign(subject, audiences, this.clock.instant().minus(Duration.ofHours(1)).minus(ttl), ttl);
    }

    private String sign(SpiffeId subject, List<String> audiences, Instant now, Duration ttl) {
        SigningKeys current = this.keys;
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject.toString())
            .audience(audiences)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(current.signingKeyId())
            .type(JOSEObjectType.JWT)
            .build(), claims);
        try {
            jwt.sign(current.signer());
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("cannot sign a JWT-SVID", ex);
        }
        return jwt.serialize();
    }

    /** The public keys, as the JWT bundle of the trust domain. */
    JwtBundle bundle() {
        return this.keys.bundle();
    }

    TrustDomain trustDomain() {
        return this.trustDomain;
    }
}
