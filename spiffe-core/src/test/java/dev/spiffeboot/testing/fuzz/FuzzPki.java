package dev.spiffeboot.testing.fuzz;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys and certificates made from a fixed seed at a fixed time, so that a fuzz input printed in one run (a token, a
 * chain, a bundle) still means the same thing when replayed in another run, on another day.
 */
final class FuzzPki {

    /** The time every certificate and token is made for, and every verifier's clock shows. */
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private FuzzPki() {
    }

    static KeyPair ecKeyPair(String curve, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), random);
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static KeyPair rsaKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** An extension to put on a certificate. */
    record Extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    }

    static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
            List<Extension> extensions, Instant notBefore, Instant notAfter, long serial, SecureRandom random) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(serial), Date.from(notBefore), Date.from(notAfter), new X500Name(subject),
                    subjectKeys.getPublic());
            for (Extension extension : extensions) {
                builder.addExtension(extension.oid(), extension.critical(), extension.value());
            }
            return new JcaX509CertificateConverter().getCertificate(builder
                .build(new JcaContentSignerBuilder(signatureAlgorithm(issuerKey)).setSecureRandom(random).build(issuerKey)));
        }
        catch (CertificateException | OperatorCreationException | org.bouncycastle.cert.CertIOException ex) {
            throw new IllegalStateException("cannot make a fuzz certificate", ex);
        }
    }

    /** Signs a TBSCertificate again after a mutation, so that only the mutation can make the chain fail. */
    static byte[] sign(byte[] tbs, PrivateKey key, SecureRandom random) {
        try {
            Signature signature = Signature.getInstance(signatureAlgorithm(key));
            signature.initSign(key, random);
            signature.update(tbs);
            return signature.sign();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    }

    static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        }
        catch (CertificateException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static byte[] concat(List<byte[]> parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    static <T> List<T> listOf(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
