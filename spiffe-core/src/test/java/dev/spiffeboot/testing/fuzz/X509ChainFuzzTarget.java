package dev.spiffeboot.testing.fuzz;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import dev.spiffeboot.bundle.InvalidBundleException;
import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.VerifiedX509Svid;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.svid.x509.X509SvidProfile;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.testing.MutableClock;

import static dev.spiffeboot.testing.fuzz.Checks.check;

/**
 * X.509-SVID chains as DER bytes: {@link X509Bundle#parse} refuses with {@link InvalidBundleException},
 * {@link X509Svid#parse} and {@link X509SvidVerifier#verify} (after the JDK's certificate parser, as in a TLS
 * handshake) with {@link InvalidX509SvidException} only. Inputs are chains of many shapes, mutated inside the DER
 * (and often signed again, so that path validation sees the mutation rather than a bad signature), reordered,
 * spliced, or broken byte by byte. A chain the verifier accepts must satisfy the leaf profile on its face, and a
 * caching verifier must decide as an uncached one does.
 */
public final class X509ChainFuzzTarget implements FuzzTarget<byte[]> {

    private final X509Fixture fixture = X509Fixture.shared();

    private final DerMutator derMutator = new DerMutator(SpiffeIdFuzzTarget.MUTATOR);

    private final List<Der> donors = new ArrayList<>();

    private final List<byte[]> allCertificates = new ArrayList<>();

    private final X509SvidVerifier verifier;

    private final X509SvidVerifier cachingVerifier;

    private final byte[] leafKey;

    public X509ChainFuzzTarget() {
        for (X509Fixture.Chain chain : this.fixture.chains) {
            for (byte[] certificate : chain.certificates()) {
                this.donors.add(Der.parse(certificate));
                this.allCertificates.add(certificate);
            }
        }
        MutableClock clock = new MutableClock(FuzzPki.NOW);
        this.verifier = X509SvidVerifier.builder(this.fixture.bundles).clock(clock).build();
        this.cachingVerifier = X509SvidVerifier.builder(this.fixture.bundles).clock(clock).cacheSize(16).build();
        this.leafKey = this.fixture.leafKeys.getPrivate().getEncoded();
    }

    @Override
    public String name() {
        return "x509-svid";
    }

    @Override
    public byte[] generate(FuzzRandom random) {
        X509Fixture.Chain base = random.pick(this.fixture.chains);
        List<byte[]> certificates = new ArrayList<>(base.certificates());
        switch (random.below(10)) {
            case 0:
                break;
            case 1:
            case 2:
            case 3:
            case 4: {
                int at = random.below(certificates.size());
                certificates.set(at, mutateInside(random, certificates.get(at), random.oneIn(4) ? null : base.signers().get(at)));
                break;
            }
            case 5:
                mutateChain(random, certificates);
                break;
            case 6:
            case 7:
                return ByteMutator.mutate(random, FuzzPki.concat(certificates), this.allCertificates);
            case 8:
                return pem(random, FuzzPki.concat(certificates));
            default:
                return random.bytes(random.size(600));
        }
        return FuzzPki.concat(certificates);
    }

    private byte[] mutateInside(FuzzRandom random, byte[] certificate, PrivateKey signer) {
        Der tree = Der.parse(certificate);
        Der tbs = tree.children.get(0);
        this.derMutator.mutate(random, tbs, this.donors);
        if (signer != null) {
            byte[] signature = FuzzPki.sign(tbs.encode(), signer, random.secureRandom());
            byte[] bits = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bits, 1, signature.length);
            tree.children.set(2, Der.primitive(Der.BIT_STRING, bits));
        }
        return tree.encode();
    }

    private void mutateChain(FuzzRandom random, List<byte[]> certificates) {
        int at = random.below(certificates.size());
        switch (random.below(4)) {
            case 0:
                certificates.add(random.below(certificates.size() + 1), random.pick(this.allCertificates));
                break;
            case 1:
                certificates.add(at, certificates.get(at));
                break;
            case 2:
                certificates.add(random.below(certificates.size() + 1), FuzzPki.encoded(random.nextBoolean() ? this.fixture.root : this.fixture.otherRoot));
                break;
            default:
                certificates.add(0, certificates.remove(certificates.size() - 1));
        }
    }

    private static byte[] pem(FuzzRandom random, byte[] der) {
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END CERTIFICATE-----\n";
        return SpiffeIdFuzzTarget.MUTATOR.mutate(random, pem, List.of()).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void run(byte[] input) throws Exception {
        Exception refusal = null;
        boolean accepted = false;
        try {
            check(!X509Bundle.parse(X509Fixture.TRUST_DOMAIN, input).isEmpty(), "a parsed bundle without authorities");
            accepted = true;
        }
        catch (InvalidBundleException ex) {
            refusal = ex;
        }
        List<X509Certificate> chain = null;
        try {
            chain = parseAsPeerChain(input);
        }
        catch (CertificateException ex) {
            refusal = ex;
        }
        if (chain != null) {
            try {
                checkVerified(chain, this.verifier.verify(chain));
                accepted = true;
            }
            catch (InvalidX509SvidException ex) {
                checkCacheAgrees(chain, ex);
                refusal = ex;
            }
        }
        try {
            X509Svid svid = X509Svid.parse(input, this.leafKey);
            check(svid.id().equals(X509SvidProfile.idOf(svid.leaf())), "the SVID's ID is not its leaf's");
            accepted = true;
        }
        catch (InvalidX509SvidException ex) {
            refusal = ex;
        }
        if (!accepted) {
            throw refusal;
        }
    }

    /** Parses the chain as JSSE hands a peer's chain to a trust manager. */
    private static List<X509Certificate> parseAsPeerChain(byte[] input) throws CertificateException {
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(input))) {
            chain.add((X509Certificate) certificate);
        }
        return chain;
    }

    private void checkVerified(List<X509Certificate> chain, VerifiedX509Svid verified) throws InvalidX509SvidException {
        X509Certificate leaf = chain.get(0);
        boolean[] keyUsage = leaf.getKeyUsage();
        check(verified.id().hasPath(), "verified a leaf without a path");
        check(leaf.getBasicConstraints() < 0, "verified a CA as a leaf");
        check(keyUsage != null && keyUsage[0] && !(keyUsage.length > 5 && keyUsage[5]), "verified a leaf with the wrong key usage");
        check(!leaf.getNotAfter().toInstant().isBefore(FuzzPki.NOW) && !leaf.getNotBefore().toInstant().isAfter(FuzzPki.NOW),
                "verified a leaf outside its validity");
        check(this.fixture.bundles.findX509Bundle(verified.id().trustDomain()).isPresent(), "verified a leaf of an unknown trust domain");
        VerifiedX509Svid cached = this.cachingVerifier.verify(chain);
        VerifiedX509Svid again = this.cachingVerifier.verify(chain);
        check(cached.id().equals(verified.id()) && again.id().equals(verified.id()), "the caching verifier gives another ID");
    }

    private void checkCacheAgrees(List<X509Certificate> chain, InvalidX509SvidException refused) {
        for (int i = 0; i < 2; i++) {
            try {
                this.cachingVerifier.verify(chain);
                throw new AssertionError("the caching verifier accepts a chain the verifier refuses (" + refused.getMessage() + ")");
            }
            catch (InvalidX509SvidException ex) {
                check(ex.reason() == refused.reason(), "the caching verifier refuses for " + ex.reason() + ", not " + refused.reason());
            }
        }
    }

    @Override
    public boolean isDocumented(Throwable thrown) {
        return thrown instanceof InvalidBundleException || thrown instanceof InvalidX509SvidException
                || thrown instanceof CertificateException;
    }

    @Override
    public byte[] encode(byte[] input) {
        return input;
    }

    @Override
    public byte[] decode(byte[] encoded) {
        return encoded;
    }

    @Override
    public String describe(byte[] input) {
        String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 200));
        return input.length + " bytes: " + hex + (input.length > 200 ? "..." : "");
    }
}
