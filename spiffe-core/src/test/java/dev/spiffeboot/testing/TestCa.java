package dev.spiffeboot.testing;

import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * A certificate authority for tests: a root (or intermediate) CA of a trust domain that issues leaves with any
 * shape, including shapes the X509-SVID standard forbids.
 */
public final class TestCa {

    private static final AtomicLong SERIALS = new AtomicLong(1000);

    private final TrustDomain trustDomain;

    private final KeyPair keyPair;

    private final X509Certificate certificate;

    private final TestCa parent;

    private TestCa(TrustDomain trustDomain, KeyPair keyPair, X509Certificate certificate, TestCa parent) {
        this.trustDomain = trustDomain;
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.parent = parent;
    }

    /** A self-signed root CA with URI SAN {@code spiffe://<trustDomain>}, valid from an hour ago for a day. */
    public static TestCa root(String trustDomain) {
        KeyPair keyPair = ecKeyPair();
        X500Name name = new X500Name("O=SPIFFE test,CN=" + trustDomain + " root");
        X509Certificate certificate = sign(name, keyPair, name, keyPair, caExtensions("spiffe://" + trustDomain),
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)));
        return new TestCa(TrustDomain.parse(trustDomain), keyPair, certificate, null);
    }

    /** An intermediate CA of the same trust domain, signed by this CA. */
    public TestCa intermediate() {
        KeyPair intermediateKeys = ecKeyPair();
        X500Name name = new X500Name("O=SPIFFE test,CN=" + this.trustDomain + " intermediate " + SERIALS.get());
        X509Certificate intermediate = sign(name, intermediateKeys, subject(), this.keyPair,
                caExtensions("spiffe://" + this.trustDomain), Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(1)));
        return new TestCa(this.trustDomain, intermediateKeys, intermediate, this);
    }

    /** Starts a leaf with the given URI SAN and the X509-SVID leaf profile; change any part before issuing. */
    public LeafBuilder leaf(String uriSan) {
        return new LeafBuilder(this, uriSan);
    }

    public TrustDomain trustDomain() {
        return this.trustDomain;
    }

    public X509Certificate certificate() {
        return this.certificate;
    }

    public KeyPair keyPair() {
        return this.keyPair;
    }

    /** The X.509 bundle of the trust domain: the root of this CA. */
    public X509Bundle bundle() {
        return X509Bundle.of(this.trustDomain, List.of(root().certificate));
    }

    /** The root of this CA's hierarchy. */
    public TestCa root() {
        return this.parent == null ? this : this.parent.root();
    }

    /** The certificates a leaf of this CA sends after itself: the intermediates up to (not including) the root. */
    List<X509Certificate> intermediates() {
        List<X509Certificate> chain = new ArrayList<>();
        for (TestCa ca = this; ca.parent != null; ca = ca.parent) {
            chain.add(ca.certificate);
        }
        return chain;
    }

    X500Name subject() {
        return X500Name.getInstance(this.certificate.getSubjectX500Principal().getEncoded());
    }

    private static List<CertExtension> caExtensions(String uri) {
        List<CertExtension> extensions = new ArrayList<>();
        extensions.add(new CertExtension(Extension.basicConstraints, true, new BasicConstraints(true)));
        extensions.add(new CertExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
        extensions.add(new CertExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, URI.create(uri).toString()))));
        return extensions;
    }

    static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** An extension to put on a certificate. */
    record CertExtension(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical,
            org.bouncycastle.asn1.ASN1Encodable value) {
    }

    static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
            List<CertExtension> extensions, Instant notBefore, Instant notAfter) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    subjectKeys.getPublic());
            for (CertExtension extension : extensions) {
                builder.addExtension(extension.oid(), extension.critical(), extension.value());
            }
            String algorithm = issuerKeys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
        }
        catch (Exception ex) {
            throw new IllegalStateException("cannot sign test certificate", ex);
        }
    }
}
