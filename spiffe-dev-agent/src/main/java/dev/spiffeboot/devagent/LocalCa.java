package dev.spiffeboot.devagent;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509Svid;

/**
 * The X.509 certificate authority of one trust domain, kept in a directory ({@code <dir>/<trust-domain>/}) so that
 * every dev agent pointed at the directory issues SVIDs under the same root. The root (ECDSA P-256, one year) is
 * created on first use under a file lock, so agents started together agree on it. Not for production: the key is
 * a plain file.
 */
final class LocalCa {

    static final Duration ROOT_TTL = Duration.ofDays(365);

    /** SVIDs start a little in the past, so peers whose clocks lag still accept them. */
    static final Duration BACKDATE = Duration.ofSeconds(10);

    private static final Logger logger = LoggerFactory.getLogger(LocalCa.class);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TrustDomain trustDomain;

    private final KeyPair rootKeys;

    private final X509Certificate root;

    private final Clock clock;

    private LocalCa(TrustDomain trustDomain, KeyPair rootKeys, X509Certificate root, Clock clock) {
        this.trustDomain = trustDomain;
        this.rootKeys = rootKeys;
        this.root = root;
        this.clock = clock;
    }

    /**
     * Loads the CA of the trust domain from its directory, creating it if absent or expired; the caller holds the
     * directory's lock.
     */
    static LocalCa open(CaDirectory directory, TrustDomain trustDomain, Clock clock) throws IOException {
        Path certificateFile = directory.file("root.crt.pem");
        Path keyFile = directory.file("root.key.pem");
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            LocalCa existing = read(trustDomain, certificateFile, keyFile, clock);
            if (existing.root.getNotAfter().toInstant().isAfter(clock.instant().plus(Duration.ofDays(1)))) {
                return existing;
            }
            logger.warn("The dev CA of {} in {} expires soon; creating a new one", trustDomain, directory);
        }
        LocalCa created = create(trustDomain, clock);
        Files.writeString(certificateFile, X509Bundle.of(trustDomain, List.of(created.root)).toPem(), StandardCharsets.US_ASCII);
        Keys.writeSecret(keyFile, Keys.toPem(created.rootKeys.getPrivate()));
        logger.info("Created the dev CA of {} in {}", trustDomain, directory);
        return created;
    }

    private static LocalCa read(TrustDomain trustDomain, Path certificateFile, Path keyFile, Clock clock) throws IOException {
        try {
            X509Certificate root = X509Bundle.load(trustDomain, certificateFile).authorities().get(0);
            PrivateKey key = Keys.readEcPrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
            return new LocalCa(trustDomain, new KeyPair(root.getPublicKey(), key), root, clock);
        }
        catch (GeneralSecurityException | RuntimeException ex) {
            throw new IOException("cannot read the dev CA in " + certificateFile.getParent() + ": " + ex.getMessage(), ex);
        }
    }

    /** A CA that lives in memory only. */
    static LocalCa create(TrustDomain trustDomain, Clock clock) {
        KeyPair keys = Keys.newEcKeyPair();
        X500Name name = new X500Name("O=SPIFFE dev agent,CN=" + trustDomain.name());
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(ROOT_TTL)), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, trustDomain.id().toString())));
            return new LocalCa(trustDomain, keys, sign(builder, keys.getPrivate()), clock);
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new IllegalStateException("cannot create the dev CA of " + trustDomain, ex);
        }
    }

    /** Issues an X509-SVID valid from now for the TTL (never beyond the root's own expiry). */
    X509Svid issue(SpiffeId id, Duration ttl, String hint) {
        Instant now = this.clock.instant();
        Instant notAfter = now.plus(ttl);
        Instant rootExpiry = this.root.getNotAfter().toInstant();
        return issue(id, now.minus(BACKDATE), notAfter.isAfter(rootExpiry) ? rootExpiry : notAfter, hint);
    }

    /** Issues an X509-SVID that has already expired (for tests of expiry handling). */
    X509Svid issueExpired(SpiffeId id, String hint) {
        Instant now = this.clock.instant();
        return issue(id, now.minus(Duration.ofHours(2)), now.minusSeconds(1), hint);
    }

    private X509Svid issue(SpiffeId id, Instant notBefore, Instant notAfter, String hint) {
        if (!id.isMemberOf(this.trustDomain)) {
            throw new IllegalArgumentException(id + " is not in trust domain " + this.trustDomain);
        }
        KeyPair keys = Keys.newEcKeyPair();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(this.root, serial(), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("O=SPIFFE dev agent"), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement))
                .addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(this.root))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id.toString())));
            X509Certificate leaf = sign(builder, this.rootKeys.getPrivate());
            return X509Svid.of(List.of(leaf), keys.getPrivate()).withHint(hint);
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new IllegalStateException("cannot issue an X509-SVID for " + id, ex);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        }
        catch (OperatorCreationException ex) {
            throw new GeneralSecurityException(ex);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM);
    }

    TrustDomain trustDomain() {
        return this.trustDomain;
    }

    X509Bundle bundle() {
        return X509Bundle.of(this.trustDomain, List.of(this.root));
    }
}
