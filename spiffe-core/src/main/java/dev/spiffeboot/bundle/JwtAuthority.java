package dev.spiffeboot.bundle;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * One JWT-SVID signing key of a trust domain: a key ID ({@code kid}) and an EC or RSA public key.
 * <p>
 * Immutable. The signature verifier for the key is built once, here, so that validating a token does not convert
 * keys again.
 */
public final class JwtAuthority {

    /** The JWK {@code use} value of JWT-SVID signing keys. */
    public static final KeyUse JWT_SVID_USE = new KeyUse("jwt-svid");

    private final String keyId;

    private final PublicKey publicKey;

    private final JWSVerifier verifier;

    private JwtAuthority(String keyId, PublicKey publicKey, JWSVerifier verifier) {
        this.keyId = keyId;
        this.publicKey = publicKey;
        this.verifier = verifier;
    }

    /**
     * An authority for an EC (P-256, P-384, P-521) or RSA public key.
     *
     * @throws InvalidBundleException if the key ID is empty or the key is of another type or curve
     */
    public static JwtAuthority of(String keyId, PublicKey publicKey) {
        Objects.requireNonNull(publicKey, "public key");
        if (keyId == null || keyId.isEmpty()) {
            throw new InvalidBundleException("JWT authority key ID cannot be empty");
        }
        try {
            if (publicKey instanceof ECPublicKey) {
                return new JwtAuthority(keyId, publicKey, new ECDSAVerifier((ECPublicKey) publicKey));
            }
            if (publicKey instanceof RSAPublicKey) {
                return new JwtAuthority(keyId, publicKey, new RSASSAVerifier((RSAPublicKey) publicKey));
            }
        }
        catch (JOSEException ex) {
            throw new InvalidBundleException("JWT authority \"" + keyId + "\" has an unusable key: " + ex.getMessage(), ex);
        }
        throw new InvalidBundleException("JWT authority \"" + keyId + "\" has a " + publicKey.getAlgorithm()
                + " key; JWT-SVIDs are signed with EC or RSA keys");
    }

    /** The key ID ({@code kid}) that tokens name in their header. */
    public String keyId() {
        return this.keyId;
    }

    /** The public key. */
    public PublicKey publicKey() {
        return this.publicKey;
    }

    /**
     * The JOSE verifier of this key, shared by all validations (nimbus verifiers are stateless and thread-safe).
     */
    public JWSVerifier verifier() {
        return this.verifier;
    }

    /** The key as a public JWK with {@code kid} and {@code use: jwt-svid}. */
    public JWK toJwk() {
        if (this.publicKey instanceof ECPublicKey) {
            ECPublicKey ec = (ECPublicKey) this.publicKey;
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).keyID(this.keyId)
                .keyUse(JWT_SVID_USE)
                .build();
        }
        return new RSAKey.Builder((RSAPublicKey) this.publicKey).keyID(this.keyId).keyUse(JWT_SVID_USE).build();
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof JwtAuthority)) {
            return false;
        }
        JwtAuthority that = (JwtAuthority) other;
        return this.keyId.equals(that.keyId) && this.publicKey.equals(that.publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.keyId, this.publicKey);
    }

    @Override
    public String toString() {
        return "JwtAuthority[keyId=" + this.keyId + ", algorithm=" + this.publicKey.getAlgorithm() + "]";
    }
}
