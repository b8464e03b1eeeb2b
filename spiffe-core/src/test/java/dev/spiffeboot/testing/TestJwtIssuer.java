package dev.spiffeboot.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.spiffeboot.bundle.JwtAuthority;
import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.spiffeid.TrustDomain;

/** Signs JWT-SVIDs for tests with one key of a trust domain, with any claims and headers a test wants. */
public final class TestJwtIssuer {

    private final TrustDomain trustDomain;

    private final String keyId;

    private final KeyPair keys;

    private final JWSAlgorithm algorithm;

    private TestJwtIssuer(TrustDomain trustDomain, String keyId, KeyPair keys, JWSAlgorithm algorithm) {
        this.trustDomain = trustDomain;
        this.keyId = keyId;
        this.keys = keys;
        this.algorithm = algorithm;
    }

    /** An issuer with an EC P-256 key signing ES256. */
    public static TestJwtIssuer es256(String trustDomain, String keyId) {
        return of(trustDomain, keyId, JWSAlgorithm.ES256);
    }

    /** An issuer for any allowed algorithm, with a key of the matching type and size. */
    public static TestJwtIssuer of(String trustDomain, String keyId, JWSAlgorithm algorithm) {
        return new TestJwtIssuer(TrustDomain.parse(trustDomain), keyId, keyPairFor(algorithm), algorithm);
    }

    private static KeyPair keyPairFor(JWSAlgorithm algorithm) {
        try {
            if (JWSAlgorithm.Family.EC.contains(algorithm)) {
                String curve = algorithm.equals(JWSAlgorithm.ES256) ? "secp256r1"
                        : algorithm.equals(JWSAlgorithm.ES384) ? "secp384r1" : "secp521r1";
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(curve));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public JwtAuthority authority() {
        return JwtAuthority.of(this.keyId, this.keys.getPublic());
    }

    /** A bundle of the issuer's trust domain holding only this issuer's key. */
    public JwtBundle bundle() {
        return JwtBundle.of(this.trustDomain, List.of(authority()));
    }

    public KeyPair keys() {
        return this.keys;
    }

    /** Starts a valid token: sub {@code spiffe://<td>/client}, the given audience, five minutes to live. */
    public Token token(String audience) {
        return new Token(audience);
    }

    /** Shapes the claims and headers of one token, then signs it. */
    public final class Token {

        private final Map<String, Object> claims = new LinkedHashMap<>();

        private String keyId = TestJwtIssuer.this.keyId;

        private JOSEObjectType type = JOSEObjectType.JWT;

        private Token(String audience) {
            this.claims.put("sub", "spiffe://" + TestJwtIssuer.this.trustDomain + "/client");
            this.claims.put("aud", List.of(audience));
            this.claims.put("exp", Instant.now().plus(Duration.ofMinutes(5)));
            this.claims.put("iat", Instant.now());
        }

        /** Sets a claim; {@code null} removes it. Instants become NumericDates. */
        public Token claim(String name, Object value) {
            if (value == null) {
                this.claims.remove(name);
            }
            else {
                this.claims.put(name, value);
            }
            return this;
        }

        public Token subject(String subject) {
            return claim("sub", subject);
        }

        public Token audience(String... audience) {
            return claim("aud", List.of(audience));
        }

        public Token expiresAt(Instant expiry) {
            return claim("exp", expiry);
        }

        /** The {@code kid} header; {@code null} leaves it out. */
        public Token keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /** The {@code typ} header; {@code null} leaves it out. */
        public Token type(String type) {
            this.type = type == null ? null : new JOSEObjectType(type);
            return this;
        }

        public String sign() {
            JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
            this.claims.forEach((name, value) -> builder.claim(name, value instanceof Instant ? Date.from((Instant) value) : value));
            JWSHeader header = new JWSHeader.Builder(TestJwtIssuer.this.algorithm).keyID(this.keyId).type(this.type).build();
            SignedJWT jwt = new SignedJWT(header, builder.build());
            try {
                jwt.sign(signer());
            }
            catch (JOSEException ex) {
                throw new IllegalStateException(ex);
            }
            return jwt.serialize();
        }
    }

    private JWSSigner signer() throws JOSEException {
        if (this.keys.getPrivate() instanceof ECPrivateKey) {
            return new ECDSASigner((ECPrivateKey) this.keys.getPrivate());
        }
        return new RSASSASigner((RSAPrivateKey) this.keys.getPrivate());
    }
}
