package dev.spiffeboot.security.oauth2.client;

import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;

import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.svid.x509.X509SvidSource;

/**
 * Signing keys taken from this workload's X509-SVID: the SVID's private key signs, and its public key is published
 * with the SVID's chain as {@code x5c}, so that a verifier that trusts the SPIFFE bundle can also bind the key to the
 * SPIFFE ID. When the SVID rotates the new key signs at once and the replaced one stays published for
 * {@code retention} (the longest a token it signed may still be accepted), so no token fails verification because its
 * key was rotated away. Key IDs are the keys' RFC 7638 thumbprints.
 */
public final class SvidSigningKeys {

    private final X509SvidSource svids;

    private final Duration retention;

    private final Clock clock;

    private volatile State state;

    /**
     * Keys from the SVIDs of the source.
     *
     * @param svids the current X509-SVID, asked for at every use
     * @param retention how long a replaced key stays published
     * @param clock the clock
     */
    public SvidSigningKeys(X509SvidSource svids, Duration retention, Clock clock) {
        this.svids = Objects.requireNonNull(svids, "X509-SVID source");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The key to sign with now: the current SVID's.
     *
     * @throws IllegalStateException if the SVID's key is of a type this class cannot sign with
     */
    public SigningKey signingKey() {
        return stateFor(this.svids.x509Svid()).current();
    }

    /** The public keys to publish: the current SVID's and the replaced ones still within their retention. */
    public JWKSet publicKeys() {
        State current = stateFor(this.svids.x509Svid());
        Instant now = this.clock.instant();
        List<JWK> keys = new ArrayList<>();
        keys.add(current.current().publicJwk());
        for (Retired retired : current.retired()) {
            if (now.isBefore(retired.publishedUntil())) {
                keys.add(retired.publicJwk());
            }
        }
        return new JWKSet(keys);
    }

    private State stateFor(X509Svid svid) {
        State seen = this.state;
        if (seen != null && seen.svid() == svid) {
            return seen;
        }
        synchronized (this) {
            seen = this.state;
            if (seen != null && seen.svid() == svid) {
                return seen;
            }
            SigningKey key = SigningKey.of(svid);
            List<Retired> retired = new ArrayList<>();
            if (seen != null) {
                Instant now = this.clock.instant();
                seen.retired().stream().filter(r -> now.isBefore(r.publishedUntil())).forEach(retired::add);
                if (!seen.current().keyId().equals(key.keyId())) {
                    retired.add(new Retired(seen.current().publicJwk(), now.plus(this.retention)));
                }
            }
            State next = new State(svid, key, List.copyOf(retired));
            this.state = next;
            return next;
        }
    }

    private record State(X509Svid svid, SigningKey current, List<Retired> retired) {
    }

    private record Retired(JWK publicJwk, Instant publishedUntil) {
    }

    /**
     * A key that signs: its algorithm, its key ID, the public JWK published for it, and a signer.
     *
     * @param algorithm the JWS algorithm ({@code ES256}, {@code ES384}, {@code ES512} or {@code RS256})
     * @param keyId the key's RFC 7638 thumbprint
     * @param publicJwk the public key with the SVID's chain as {@code x5c}
     * @param signer signs with the private key
     */
    public record SigningKey(JWSAlgorithm algorithm, String keyId, JWK publicJwk, JWSSigner signer) {

        static SigningKey of(X509Svid svid) {
            PublicKey publicKey = svid.leaf().getPublicKey();
            List<Base64> chain = chainOf(svid.chain());
            try {
                if (publicKey instanceof ECPublicKey ec) {
                    Curve curve = Curve.forECParameterSpec(ec.getParams());
                    JWSAlgorithm algorithm = ecAlgorithm(curve);
                    ECKey jwk = new ECKey.Builder(curve, ec).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
                        .x509CertChain(chain).keyIDFromThumbprint().build();
                    return new SigningKey(algorithm, jwk.getKeyID(), jwk, new ECDSASigner((ECPrivateKey) svid.privateKey()));
                }
                if (publicKey instanceof RSAPublicKey rsa) {
                    RSAKey jwk = new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .x509CertChain(chain).keyIDFromThumbprint().build();
                    return new SigningKey(JWSAlgorithm.RS256, jwk.getKeyID(), jwk, new RSASSASigner(svid.privateKey()));
                }
            }
            catch (JOSEException ex) {
                throw new IllegalStateException("cannot sign with the X509-SVID's " + publicKey.getAlgorithm() + " key: "
                        + ex.getMessage(), ex);
            }
            throw new IllegalStateException("cannot sign JWTs with the X509-SVID's " + publicKey.getAlgorithm()
                    + " key: EC (P-256, P-384, P-521) and RSA keys are supported");
        }

        private static JWSAlgorithm ecAlgorithm(Curve curve) {
            if (Curve.P_256.equals(curve)) {
                return JWSAlgorithm.ES256;
            }
            if (Curve.P_384.equals(curve)) {
                return JWSAlgorithm.ES384;
            }
            if (Curve.P_521.equals(curve)) {
                return JWSAlgorithm.ES512;
            }
            throw new IllegalStateException("cannot sign JWTs with the X509-SVID's EC key on curve " + curve);
        }

        private static List<Base64> chainOf(List<X509Certificate> certificates) {
            List<Base64> chain = new ArrayList<>(certificates.size());
            for (X509Certificate certificate : certificates) {
                try {
                    chain.add(Base64.encode(certificate.getEncoded()));
                }
                catch (CertificateEncodingException ex) {
                    throw new IllegalStateException("cannot encode the X509-SVID's chain", ex);
                }
            }
            return chain;
        }
    }
}
