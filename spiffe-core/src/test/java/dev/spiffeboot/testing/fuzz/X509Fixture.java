package dev.spiffeboot.testing.fuzz;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;

import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * The PKI the X.509 targets start from: a root and an intermediate of {@code example.org}, a root of
 * {@code other.org}, one leaf key shared by every leaf (so that a chain's key always matches when it should), and
 * chains of many shapes, valid and not, each with the key of the issuer of every certificate for signing it again.
 */
final class X509Fixture {

    static final TrustDomain TRUST_DOMAIN = TrustDomain.parse("example.org");

    static final TrustDomain OTHER_TRUST_DOMAIN = TrustDomain.parse("other.org");

    private static final String ROOT = "O=SPIFFE fuzz,CN=example.org root";

    private static final String INTERMEDIATE = "O=SPIFFE fuzz,CN=example.org intermediate";

    private static final String OTHER_ROOT = "O=SPIFFE fuzz,CN=other.org root";

    private static final String LEAF = "O=SPIFFE fuzz,CN=leaf";

    /** A chain as DER certificates, leaf first, and the key that signed each one. */
    record Chain(List<byte[]> certificates, List<PrivateKey> signers) {
    }

    final KeyPair leafKeys;

    final X509Certificate root;

    final X509Certificate otherRoot;

    final X509BundleSet bundles;

    final List<Chain> chains = new ArrayList<>();

    private final SecureRandom random;

    private long serial = 1;

    private static X509Fixture shared;

    /** The fixture, made once per JVM. */
    static synchronized X509Fixture shared() {
        if (shared == null) {
            shared = new X509Fixture();
        }
        return shared;
    }

    private X509Fixture() {
        this.random = new FuzzRandom(0x5F1FFEL).secureRandom();
        KeyPair rootKeys = FuzzPki.ecKeyPair("secp256r1", this.random);
        KeyPair intermediateKeys = FuzzPki.ecKeyPair("secp256r1", this.random);
        KeyPair otherRootKeys = FuzzPki.ecKeyPair("secp384r1", this.random);
        KeyPair strangerKeys = FuzzPki.ecKeyPair("secp256r1", this.random);
        this.leafKeys = FuzzPki.ecKeyPair("secp256r1", this.random);
        Instant notBefore = FuzzPki.NOW.minus(Duration.ofDays(1));
        Instant notAfter = FuzzPki.NOW.plus(Duration.ofDays(30));
        this.root = ca(ROOT, rootKeys, ROOT, rootKeys.getPrivate(), "spiffe://example.org", null);
        X509Certificate intermediate = ca(INTERMEDIATE, intermediateKeys, ROOT, rootKeys.getPrivate(), "spiffe://example.org", null);
        X509Certificate constrained = ca(INTERMEDIATE, intermediateKeys, ROOT, rootKeys.getPrivate(), "spiffe://example.org",
                new NameConstraints(new GeneralSubtree[] { new GeneralSubtree(new GeneralName(GeneralName.uniformResourceIdentifier, "example.org")) }, null));
        this.otherRoot = ca(OTHER_ROOT, otherRootKeys, OTHER_ROOT, otherRootKeys.getPrivate(), "spiffe://other.org", null);
        X509Certificate stranger = ca(ROOT, strangerKeys, ROOT, strangerKeys.getPrivate(), "spiffe://example.org", null);
        this.bundles = X509BundleSet.of(X509Bundle.of(TRUST_DOMAIN, List.of(this.root)),
                X509Bundle.of(OTHER_TRUST_DOMAIN, List.of(this.otherRoot)));

        PrivateKey byRoot = rootKeys.getPrivate();
        PrivateKey byIntermediate = intermediateKeys.getPrivate();
        Issued viaIntermediate = new Issued(intermediate, byRoot);
        String web = "spiffe://example.org/ns/prod/sa/web";
        int signing = KeyUsage.digitalSignature;
        add(leaf(INTERMEDIATE, byIntermediate, List.of(web), signing, false, notBefore, notAfter, null), viaIntermediate);
        add(leaf(ROOT, byRoot, List.of(web), signing, false, notBefore, notAfter, null));
        add(leaf(INTERMEDIATE, byIntermediate, List.of(web), signing, false, notBefore, notAfter, null), viaIntermediate,
                new Issued(this.root, byRoot));
        add(leaf(INTERMEDIATE, byIntermediate, List.of(web), signing, false, notBefore, notAfter, null),
                new Issued(constrained, byRoot));
        add(leaf(ROOT, byRoot, List.of(web, "spiffe://example.org/other"), signing, false, notBefore, notAfter, null));
        add(leaf(ROOT, byRoot, List.of(), signing, false, notBefore, notAfter, null));
        add(leaf(ROOT, byRoot, List.of(web), signing, true, notBefore, notAfter, null));
        add(leaf(ROOT, byRoot, List.of(web), signing | KeyUsage.keyCertSign, false, notBefore, notAfter, null));
        add(leaf(ROOT, byRoot, List.of(web), null, false, notBefore, notAfter, null));
        add(leaf(ROOT, byRoot, List.of(web), signing, false, notBefore.minus(Duration.ofDays(60)), notBefore, null));
        add(leaf(ROOT, byRoot, List.of(web), signing, false, notAfter, notAfter.plus(Duration.ofDays(1)), null));
        add(leaf(ROOT, byRoot, List.of("spiffe://example.org"), signing, false, notBefore, notAfter, null));
        add(leaf(ROOT, byRoot, List.of("spiffe://other.org/web"), signing, false, notBefore, notAfter, null));
        add(leaf(OTHER_ROOT, otherRootKeys.getPrivate(), List.of("spiffe://other.org/web"), signing, false, notBefore,
                notAfter, null));
        add(leaf(ROOT, strangerKeys.getPrivate(), List.of(web), signing, false, notBefore, notAfter, null),
                new Issued(stranger, strangerKeys.getPrivate()));
        add(leaf(ROOT, byRoot, List.of("https://example.org/web"), signing, false, notBefore, notAfter, null));
        add(leaf(ROOT, byRoot, List.of(web), signing, false, notBefore, notAfter, new FuzzPki.Extension(
                new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), true, new DEROctetString(new byte[] { 1 }))));
        add(leaf(INTERMEDIATE, byIntermediate, List.of(web), signing, false, notBefore, notAfter, null),
                leaf(ROOT, byRoot, List.of("spiffe://example.org/not-a-ca"), signing, false, notBefore, notAfter, null));
    }

    private X509Certificate ca(String subject, KeyPair keys, String issuer, PrivateKey issuerKey, String uri,
            NameConstraints constraints) {
        List<FuzzPki.Extension> extensions = new ArrayList<>();
        extensions.add(new FuzzPki.Extension(Extension.basicConstraints, true, new BasicConstraints(true)));
        extensions.add(new FuzzPki.Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
        extensions.add(new FuzzPki.Extension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri))));
        if (constraints != null) {
            extensions.add(new FuzzPki.Extension(Extension.nameConstraints, true, constraints));
        }
        return FuzzPki.certificate(subject, keys, issuer, issuerKey, extensions, FuzzPki.NOW.minus(Duration.ofDays(10)),
                FuzzPki.NOW.plus(Duration.ofDays(365)), this.serial++, this.random);
    }

    private Issued leaf(String issuer, PrivateKey issuerKey, List<String> uris, Integer keyUsage, boolean ca,
            Instant notBefore, Instant notAfter, FuzzPki.Extension extra) {
        List<FuzzPki.Extension> extensions = new ArrayList<>();
        extensions.add(new FuzzPki.Extension(Extension.basicConstraints, true, new BasicConstraints(ca)));
        if (keyUsage != null) {
            extensions.add(new FuzzPki.Extension(Extension.keyUsage, true, new KeyUsage(keyUsage)));
        }
        if (!uris.isEmpty()) {
            extensions.add(new FuzzPki.Extension(Extension.subjectAlternativeName, false, new GeneralNames(uris.stream()
                .map(uri -> new GeneralName(GeneralName.uniformResourceIdentifier, uri))
                .toArray(GeneralName[]::new))));
        }
        if (extra != null) {
            extensions.add(extra);
        }
        return new Issued(FuzzPki.certificate(LEAF, this.leafKeys, issuer, issuerKey, extensions, notBefore, notAfter,
                this.serial++, this.random), issuerKey);
    }

    /** A certificate and the key that signed it. */
    private record Issued(X509Certificate certificate, PrivateKey signer) {
    }

    private void add(Issued... chain) {
        List<byte[]> certificates = new ArrayList<>();
        List<PrivateKey> signers = new ArrayList<>();
        for (Issued issued : chain) {
            certificates.add(FuzzPki.encoded(issued.certificate()));
            signers.add(issued.signer());
        }
        this.chains.add(new Chain(List.copyOf(certificates), List.copyOf(signers)));
    }
}
