package dev.spiffeboot.devagent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * trust. A key rollover adds a new key and keeps the old ones in the bundle, so tokens already issued still validate.
 */
final class JwtIssuer {

    private final TrustDomain trustDomain;

    private final Path keyFile;

    private final Clock clock;

    private final List<ECKey> keys = new ArrayList<>();

    private JwtIssuer(TrustDomain trustDomain, Path keyFile, Clock clock) {
        this.trustDomain = trustDomain;
        this.keyFile = keyFile;
        this.clock = clock;
    }

    /** Loads the signing keys of the trust domain from the directory, creating the first one if absent. */
    static JwtIssuer open(Path caDirectory, TrustDomain trustDomain, Clock clock) throws IOException {
        Path directory = caDirectory.resolve(trustDomain.name());
        Files.createDirectories(directory);
        JwtIssuer issuer = new JwtIssuer(trustDomain, directory.resolve("jwt-keys.json"), clock);
        try (FileChannel lockFile = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            if (Files.exists(issuer.keyFile)) {
                issuer.read();
            }
            if (issuer.keys.isEmpty()) {
                issuer.keys.add(newKey());
                issuer.write();
            }
        }
        return issuer;
    }

    /** An issuer that keeps its keys in memory only. */
    static JwtIssuer inMemory(TrustDomain trustDomain, Clock clock) {
        JwtIssuer issuer = new JwtIssuer(trustDomain, null, clock);
        issuer.keys.add(newKey());
        return issuer;
    }

    private static ECKey newKey() {
        java.security.KeyPair pair = Keys.newEcKeyPair();
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).privateKey((ECPrivateKey) pair.getPrivate())
            .keyID(UUID.randomUUID().toString().replace("-", ""))
            .build();
    }

    private void read() throws IOException {
        try {
            for (JWK key : JWKSet.parse(Files.readString(this.keyFile, StandardCharsets.UTF_8)).getKeys()) {
                this.keys.add(key.toECKey());
            }
        }
        catch (ParseException ex) {
            throw new IOException("cannot read the dev JWT keys in " + this.keyFile + ": " + ex.getMessage(), ex);
        }
    }

    private void write() throws IOException {
        if (this.keyFile == null) {
            return;
        }
        Files.writeString(this.keyFile, new JWKSet(new ArrayList<JWK>(this.keys)).toString(false), StandardCharsets.UTF_8);
        Keys.restrictToOwner(this.keyFile);
    }

    /** Adds a new signing key; tokens signed with older keys stay valid until they expire. */
    synchronized String rollover() throws IOException {
        ECKey key = newKey();
        this.keys.add(key);
        write();
        return key.getKeyID();
    }

    /** Signs a JWT-SVID for the subject and audiences, with {@code exp} = now + TTL and {@code iat} = now. */
    String sign(SpiffeId subject, List<String> audiences, Duration ttl) {
        return sign(subject, audiences, this.clock.instant(), ttl);
    }

    /** Signs a JWT-SVID that expired an hour ago, after living for the TTL. */
    String signExpired(SpiffeId subject, List<String> audiences, Duration ttl) {
        return sign(subject, audiences, this.clock.instant().minus(Duration.ofHours(1)).minus(ttl), ttl);
    }

    private synchronized String sign(SpiffeId subject, List<String> audiences, Instant now, Duration ttl) {
        ECKey key = this.keys.get(this.keys.size() - 1);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject.toString())
            .audience(audiences)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(key));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("cannot sign a JWT-SVID", ex);
        }
        return jwt.serialize();
    }

    /** The public keys, as the JWT bundle of the trust domain. */
    synchronized JwtBundle bundle() {
        List<JwtAuthority> authorities = new ArrayList<>();
        for (ECKey key : this.keys) {
            try {
                authorities.add(JwtAuthority.of(key.getKeyID(), key.toECPublicKey()));
            }
            catch (JOSEException ex) {
                throw new IllegalStateException("cannot read dev JWT key " + key.getKeyID(), ex);
            }
        }
        return JwtBundle.of(this.trustDomain, authorities);
    }

    TrustDomain trustDomain() {
        return this.trustDomain;
    }
}
