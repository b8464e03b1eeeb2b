package dev.spiffeboot.svid.x509;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.spiffeboot.internal.Certificates;
import dev.spiffeboot.internal.Pem;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.InvalidX509SvidException.Reason;

/**
 * An X509-SVID of this workload: its SPIFFE ID, certificate chain (leaf first) and private key.
 * <p>
 * Immutable. Creating one checks the X509-SVID profile (see {@link X509SvidProfile}) and that the private key
 * belongs to the leaf; it does not check validity dates or trust, which matter when a peer verifies the SVID
 * (see {@link X509SvidVerifier}). {@link #toString()} never shows the key.
 */
public final class X509Svid implements X509SvidSource {

    private static final byte[] KEY_PROBE = "spiffe-spring-boot key match".getBytes(StandardCharsets.US_ASCII);

    private final SpiffeId id;

    private final List<X509Certificate> chain;

    private final PrivateKey privateKey;

    private final String hint;

    private X509Svid(SpiffeId id, List<X509Certificate> chain, PrivateKey privateKey, String hint) {
        this.id = id;
        this.chain = chain;
        this.privateKey = privateKey;
        this.hint = hint;
    }

    /**
     * An SVID from a parsed chain and key.
     *
     * @throws InvalidX509SvidException if the chain breaks the X509-SVID profile or the key does not match
     */
    public static X509Svid of(List<X509Certificate> chain, PrivateKey privateKey) throws InvalidX509SvidException {
        Objects.requireNonNull(privateKey, "private key");
        if (chain == null || chain.isEmpty()) {
            throw new InvalidX509SvidException(Reason.NO_CERTIFICATES, "X509-SVID has no certificates");
        }
        List<X509Certificate> copy = List.copyOf(chain);
        SpiffeId id = X509SvidProfile.checkLeaf(copy.get(0));
        X509SvidProfile.checkSigningCertificates(copy);
        checkKeyMatches(copy.get(0).getPublicKey(), privateKey);
        return new X509Svid(id, copy, privateKey, "");
    }

    /**
     * Reads an SVID from its certificates (concatenated DER as the Workload API sends them, or PEM) and its PKCS#8
     * private key (DER, or PEM {@code PRIVATE KEY}).
     *
     * @throws InvalidX509SvidException if either cannot be read, the chain breaks the profile or the key does not
     * match
     */
    public static X509Svid parse(byte[] certificates, byte[] privateKey) throws InvalidX509SvidException {
        List<X509Certificate> chain;
        try {
            chain = Certificates.parse(certificates);
        }
        catch (CertificateException ex) {
            throw new InvalidX509SvidException(Reason.MALFORMED, "cannot read X509-SVID certificates: " + ex.getMessage(), ex);
        }
        return of(chain, readPrivateKey(privateKey, chain.get(0).getPublicKey().getAlgorithm()));
    }

    /**
     * Reads an SVID from a PEM certificate file and a PEM (or DER) PKCS#8 key file.
     *
     * @throws InvalidX509SvidException if the files cannot be read or hold no valid SVID
     */
    public static X509Svid load(Path certificateFile, Path privateKeyFile) throws InvalidX509SvidException {
        try {
            return parse(Files.readAllBytes(certificateFile), Files.readAllBytes(privateKeyFile));
        }
        catch (IOException ex) {
            throw new InvalidX509SvidException(Reason.MALFORMED, "cannot read X509-SVID files: " + ex.getMessage(), ex);
        }
    }

    private static PrivateKey readPrivateKey(byte[] encoded, String algorithm) throws InvalidX509SvidException {
        if (encoded == null || encoded.length == 0) {
            throw new InvalidX509SvidException(Reason.MALFORMED, "X509-SVID private key is empty");
        }
        byte[] der = encoded;
        if (Pem.isPem(encoded)) {
            List<Pem.Block> blocks;
            try {
                blocks = Pem.read(new String(encoded, StandardCharsets.US_ASCII));
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidX509SvidException(Reason.MALFORMED, "X509-SVID private key PEM is not valid base64", ex);
            }
            if (blocks.size() != 1 || !blocks.get(0).label().equals("PRIVATE KEY")) {
                throw new InvalidX509SvidException(Reason.MALFORMED,
                        "X509-SVID private key must be one PKCS#8 \"PRIVATE KEY\" PEM block, found "
                                + blocks.stream().map(Pem.Block::label).toList());
            }
            der = blocks.get(0).der();
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        catch (GeneralSecurityException ex) {
            // The message of the provider is dropped: it may echo key material.
            throw new InvalidX509SvidException(Reason.MALFORMED,
                    "X509-SVID private key is not a PKCS#8 " + algorithm + " key (the leaf certificate holds a "
                            + algorithm + " key)");
        }
    }

    private static void checkKeyMatches(PublicKey publicKey, PrivateKey privateKey) throws InvalidX509SvidException {
        String algorithm = signatureAlgorithm(publicKey.getAlgorithm());
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(KEY_PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(KEY_PROBE);
            matches = verifier.verify(signature);
        }
        catch (GeneralSecurityException ex) {
            matches = false;
        }
        if (!matches) {
            throw new InvalidX509SvidException(Reason.KEY_MISMATCH, "X509-SVID private key does not match the leaf certificate");
        }
    }

    private static String signatureAlgorithm(String keyAlgorithm) throws InvalidX509SvidException {
        switch (keyAlgorithm) {
            case "EC":
                return "SHA256withECDSA";
            case "RSA":
                return "SHA256withRSA";
            case "EdDSA":
            case "Ed25519":
                return "Ed25519";
            default:
                throw new InvalidX509SvidException(Reason.MALFORMED, "unsupported X509-SVID key algorithm " + keyAlgorithm);
        }
    }

    /** A copy of this SVID with the operator's hint from the Workload API. */
    public X509Svid withHint(String hint) {
        return new X509Svid(this.id, this.chain, this.privateKey, hint == null ? "" : hint);
    }

    /** The SPIFFE ID (the leaf's URI SAN). */
    public SpiffeId id() {
        return this.id;
    }

    /** The certificates, leaf first, then the intermediates that lead to the trust domain's authorities. */
    public List<X509Certificate> chain() {
        return this.chain;
    }

    /** The leaf certificate. */
    public X509Certificate leaf() {
        return this.chain.get(0);
    }

    /** The private key of the leaf. */
    public PrivateKey privateKey() {
        return this.privateKey;
    }

    /** The operator's hint that tells several SVIDs apart; empty when there is none. */
    public String hint() {
        return this.hint;
    }

    /** When the leaf certificate expires. */
    public Instant expiresAt() {
        return leaf().getNotAfter().toInstant();
    }

    /** The chain as concatenated DER, as the Workload API carries it. */
    public byte[] chainDer() {
        return Certificates.toDer(this.chain);
    }

    /** The chain as PEM {@code CERTIFICATE} blocks. */
    public String chainPem() {
        return Certificates.toPem(this.chain);
    }

    /** The private key as a PEM {@code PRIVATE KEY} block. Handle with care: this is the secret. */
    public String privateKeyPem() {
        return Pem.block("PRIVATE KEY", this.privateKey.getEncoded());
    }

    /** This SVID. */
    @Override
    public X509Svid x509Svid() {
        return this;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof X509Svid)) {
            return false;
        }
        X509Svid that = (X509Svid) other;
        return this.chain.equals(that.chain) && this.privateKey.equals(that.privateKey) && this.hint.equals(that.hint);
    }

    @Override
    public int hashCode() {
        return this.chain.hashCode();
    }

    /** The ID, expiry and hint; never the key. */
    @Override
    public String toString() {
        return "X509Svid[id=" + this.id + ", expiresAt=" + expiresAt() + ", hint=" + this.hint + "]";
    }
}
