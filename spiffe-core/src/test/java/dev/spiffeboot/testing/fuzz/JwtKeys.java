package dev.spiffeboot.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.ECDSA;

import dev.spiffeboot.bundle.JwtAuthority;
import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * The JWT authorities the JWT and bundle targets use, made from a fixed seed: three keys of {@code example.org}
 * (ES256, ES384, RS256) and one of {@code other.org}. Signs any header and claims text, valid JSON or not.
 */
final class JwtKeys {

    static final TrustDomain TRUST_DOMAIN = TrustDomain.parse("example.org");

    static final TrustDomain OTHER_TRUST_DOMAIN = TrustDomain.parse("other.org");

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** One signing key: its {@code kid}, JWS algorithm and key pair. */
    record Key(String keyId, String algorithm, KeyPair keys) {

        JwtAuthority authority() {
            return JwtAuthority.of(this.keyId, this.keys.getPublic());
        }
    }

    private static JwtKeys shared;

    final List<Key> keys;

    final Key other;

    final JwtBundle bundle;

    final JwtBundleSet bundles;

    private JwtKeys() {
        SecureRandom random = new FuzzRandom(0x1A77L).secureRandom();
        this.keys = List.of(new Key("ec-256", "ES256", FuzzPki.ecKeyPair("secp256r1", random)),
                new Key("ec-384", "ES384", FuzzPki.ecKeyPair("secp384r1", random)),
                new Key("rsa", "RS256", FuzzPki.rsaKeyPair(random)));
        this.other = new Key("other", "ES256", FuzzPki.ecKeyPair("secp256r1", random));
        this.bundle = JwtBundle.of(TRUST_DOMAIN, this.keys.stream().map(Key::authority).toList());
        this.bundles = JwtBundleSet.of(this.bundle, JwtBundle.of(OTHER_TRUST_DOMAIN, List.of(this.other.authority())));
    }

    /** The keys, made once per JVM (the RSA key takes a while). */
    static synchronized JwtKeys shared() {
        if (shared == null) {
            shared = new JwtKeys();
        }
        return shared;
    }

    /** A compact JWS of the header and claims text, signed with {@code key} whatever the header says. */
    static String sign(String header, String claims, Key key, SecureRandom random) {
        String signingInput = BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            boolean ec = key.algorithm().startsWith("ES");
            Signature signature = Signature.getInstance(ec ? "SHA" + key.algorithm().substring(2) + "withECDSA" : "SHA256withRSA");
            signature.initSign(key.keys().getPrivate(), random);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            byte[] signed = signature.sign();
            if (ec) {
                signed = ECDSA.transcodeSignatureToConcat(signed, key.algorithm().equals("ES256") ? 64 : 96);
            }
            return signingInput + "." + BASE64URL.encodeToString(signed);
        }
        catch (GeneralSecurityException | JOSEException ex) {
            throw new IllegalStateException("cannot sign a fuzz token", ex);
        }
    }
}
