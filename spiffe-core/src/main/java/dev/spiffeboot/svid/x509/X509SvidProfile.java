package dev.spiffeboot.svid.x509;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import dev.spiffeboot.spiffeid.InvalidSpiffeIdException;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.InvalidX509SvidException.Reason;
import dev.spiffeboot.text.LogSafe;

/**
 * The certificate rules of the X509-SVID standard (sections 2 to 5): exactly one URI SAN holding a SPIFFE ID;
 * leaves have a non-root path, are not CAs, have digitalSignature and neither keyCertSign nor cRLSign; signing
 * certificates are CAs with keyCertSign.
 */
public final class X509SvidProfile {

    private static final int SAN_URI = 6;

    private static final int DIGITAL_SIGNATURE = 0;

    private static final int KEY_CERT_SIGN = 5;

    private static final int CRL_SIGN = 6;

    private X509SvidProfile() {
    }

    /**
     * Reads the SPIFFE ID of a certificate: its one URI SAN.
     *
     * @throws InvalidX509SvidException if there is no URI SAN, more than one, or it is not a SPIFFE ID
     */
    public static SpiffeId idOf(X509Certificate certificate) throws InvalidX509SvidException {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        }
        catch (CertificateParsingException ex) {
            throw new InvalidX509SvidException(Reason.MALFORMED, "cannot read the subject alternative names", ex);
        }
        String uri = null;
        if (names != null) {
            for (List<?> name : names) {
                if (((Integer) name.get(0)) == SAN_URI) {
                    if (uri != null) {
                        throw new InvalidX509SvidException(Reason.MULTIPLE_URI_SANS,
                                "certificate has more than one URI SAN (" + LogSafe.quote(uri) + ", "
                                        + LogSafe.quote(String.valueOf(name.get(1))) + ")");
                    }
                    uri = String.valueOf(name.get(1));
                }
            }
        }
        if (uri == null) {
            throw new InvalidX509SvidException(Reason.NO_URI_SAN, "certificate has no URI SAN");
        }
        try {
            return SpiffeId.parse(uri);
        }
        catch (InvalidSpiffeIdException ex) {
            throw new InvalidX509SvidException(Reason.INVALID_SPIFFE_ID, "URI SAN is not a SPIFFE ID: " + ex.getMessage(), ex);
        }
    }

    /**
     * Checks a leaf (the SVID that identifies a workload) and returns its SPIFFE ID.
     *
     * @throws InvalidX509SvidException naming the rule that failed
     */
    public static SpiffeId checkLeaf(X509Certificate leaf) throws InvalidX509SvidException {
        SpiffeId id = idOf(leaf);
        if (!id.hasPath()) {
            throw new InvalidX509SvidException(Reason.ROOT_PATH,
                    "leaf certificate SPIFFE ID " + LogSafe.quote(id.toString()) + " must have a non-root path");
        }
        if (leaf.getBasicConstraints() >= 0) {
            throw new InvalidX509SvidException(Reason.LEAF_IS_CA,
                    "leaf certificate " + LogSafe.quote(id.toString()) + " must not have the CA flag set");
        }
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage == null || !isSet(keyUsage, DIGITAL_SIGNATURE)) {
            throw new InvalidX509SvidException(Reason.MISSING_DIGITAL_SIGNATURE,
                    "leaf certificate " + LogSafe.quote(id.toString()) + " must have 'digitalSignature' key usage");
        }
        if (isSet(keyUsage, KEY_CERT_SIGN)) {
            throw new InvalidX509SvidException(Reason.LEAF_CAN_SIGN_CERTIFICATES,
                    "leaf certificate " + LogSafe.quote(id.toString()) + " must not have 'keyCertSign' key usage");
        }
        if (isSet(keyUsage, CRL_SIGN)) {
            throw new InvalidX509SvidException(Reason.LEAF_CAN_SIGN_CERTIFICATES,
                    "leaf certificate " + LogSafe.quote(id.toString()) + " must not have 'cRLSign' key usage");
        }
        return id;
    }

    /**
     * Checks the certificates after the leaf: each must be a CA with keyCertSign.
     *
     * @throws InvalidX509SvidException naming the first certificate that fails
     */
    public static void checkSigningCertificates(List<X509Certificate> chain) throws InvalidX509SvidException {
        for (int i = 1; i < chain.size(); i++) {
            X509Certificate signer = chain.get(i);
            boolean[] keyUsage = signer.getKeyUsage();
            if (signer.getBasicConstraints() < 0 || (keyUsage != null && !isSet(keyUsage, KEY_CERT_SIGN))) {
                throw new InvalidX509SvidException(Reason.SIGNING_CERTIFICATE_NOT_CA,
                        "certificate " + i + " of the chain (" + LogSafe.quote(signer.getSubjectX500Principal().getName())
                                + ") is not a CA with 'keyCertSign' key usage");
            }
        }
    }

    private static boolean isSet(boolean[] keyUsage, int bit) {
        return keyUsage.length > bit && keyUsage[bit];
    }
}
