package dev.spiffeboot.testing;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

import dev.spiffeboot.svid.x509.X509Svid;

/**
 * Shapes one leaf certificate. Starts as a valid X509-SVID leaf (one URI SAN, not a CA, digitalSignature, valid
 * from a minute ago for an hour, EC P-256) and lets a test break any rule.
 */
public final class LeafBuilder {

    private final TestCa issuer;

    private List<String> uris;

    private boolean ca;

    private Integer keyUsage = KeyUsage.digitalSignature;

    private Instant notBefore = Instant.now().minus(Duration.ofMinutes(1));

    private Instant notAfter = Instant.now().plus(Duration.ofHours(1));

    private boolean rsa;

    LeafBuilder(TestCa issuer, String uri) {
        this.issuer = issuer;
        this.uris = List.of(uri);
    }

    /** Replaces the URI SANs (none, one or several). */
    public LeafBuilder uris(String... uris) {
        this.uris = Arrays.asList(uris);
        return this;
    }

    /** Sets the CA flag of the basic constraints. */
    public LeafBuilder ca(boolean ca) {
        this.ca = ca;
        return this;
    }

    /** Sets the key usage bits (BouncyCastle {@link KeyUsage} constants), or {@code null} for no extension. */
    public LeafBuilder keyUsage(Integer bits) {
        this.keyUsage = bits;
        return this;
    }

    public LeafBuilder validity(Instant notBefore, Instant notAfter) {
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        return this;
    }

    /** Uses an RSA 2048 key instead of EC P-256. */
    public LeafBuilder rsa() {
        this.rsa = true;
        return this;
    }

    /** Issues the leaf. */
    public Issued issue() {
        KeyPair keys = this.rsa ? TestCa.rsaKeyPair() : TestCa.ecKeyPair();
        List<TestCa.CertExtension> extensions = new ArrayList<>();
        extensions.add(new TestCa.CertExtension(Extension.basicConstraints, true, new BasicConstraints(this.ca)));
        if (this.keyUsage != null) {
            extensions.add(new TestCa.CertExtension(Extension.keyUsage, true, new KeyUsage(this.keyUsage)));
        }
        extensions.add(new TestCa.CertExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth })));
        if (!this.uris.isEmpty()) {
            GeneralName[] names = this.uris.stream()
                .map(uri -> new GeneralName(GeneralName.uniformResourceIdentifier, uri))
                .toArray(GeneralName[]::new);
            extensions.add(new TestCa.CertExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names)));
        }
        X509Certificate leaf = TestCa.sign(new X500Name("O=SPIFFE test"), keys, this.issuer.subject(),
                this.issuer.keyPair(), extensions, this.notBefore, this.notAfter);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        chain.addAll(this.issuer.intermediates());
        return new Issued(List.copyOf(chain), keys);
    }

    /** Issues the leaf and wraps it as an X509-SVID (which checks the profile). */
    public X509Svid svid() {
        Issued issued = issue();
        try {
            return X509Svid.of(issued.chain(), issued.keys().getPrivate());
        }
        catch (Exception ex) {
            throw new IllegalStateException("test leaf is not a valid X509-SVID", ex);
        }
    }

    /** An issued leaf: the chain the workload sends (leaf and intermediates) and the leaf's key pair. */
    public record Issued(List<X509Certificate> chain, KeyPair keys) {

        public X509Certificate leaf() {
            return this.chain.get(0);
        }
    }
}
