package dev.spiffeboot.internal;

import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Reads and writes X.509 certificates in the encodings SPIFFE uses: concatenated DER (the Workload API) and PEM
 * (files).
 * <p>
 * Internal to spiffe-spring-boot; not part of the public API.
 */
public final class Certificates {

    private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, new byte[] { '\n' });

    private Certificates() {
    }

    /**
     * Parses one or more certificates, either concatenated DER or PEM blocks.
     *
     * @throws CertificateException if the input is empty or not certificates
     */
    public static List<X509Certificate> parse(byte[] derOrPem) throws CertificateException {
        if (derOrPem == null || derOrPem.length == 0) {
            throw new CertificateException("no certificates found (empty input)");
        }
        Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(derOrPem));
        if (parsed.isEmpty()) {
            throw new CertificateException("no certificates found");
        }
        List<X509Certificate> certificates = new ArrayList<>(parsed.size());
        for (Certificate certificate : parsed) {
            certificates.add((X509Certificate) certificate);
        }
        return List.copyOf(certificates);
    }

    /** Writes certificates as concatenated DER, as the Workload API carries them. */
    public static byte[] toDer(List<X509Certificate> certificates) {
        try {
            int length = 0;
            List<byte[]> encoded = new ArrayList<>(certificates.size());
            for (X509Certificate certificate : certificates) {
                byte[] der = certificate.getEncoded();
                encoded.add(der);
                length += der.length;
            }
            byte[] all = new byte[length];
            int offset = 0;
            for (byte[] der : encoded) {
                System.arraycopy(der, 0, all, offset, der.length);
                offset += der.length;
            }
            return all;
        }
        catch (CertificateEncodingException ex) {
            throw new IllegalStateException("cannot encode a parsed certificate", ex);
        }
    }

    /** Writes certificates as PEM {@code CERTIFICATE} blocks. */
    public static String toPem(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append(Pem.block("CERTIFICATE", certificate.getEncoded()));
            }
            catch (CertificateEncodingException ex) {
                throw new IllegalStateException("cannot encode a parsed certificate", ex);
            }
        }
        return pem.toString();
    }

    static String base64Lines(byte[] der) {
        return PEM_BASE64.encodeToString(der);
    }
}
