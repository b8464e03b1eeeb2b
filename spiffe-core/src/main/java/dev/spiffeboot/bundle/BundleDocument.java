package dev.spiffeboot.bundle;

import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;

import dev.spiffeboot.internal.Certificates;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * Reads and writes the SPIFFE bundle format (SPIFFE Trust Domain and Bundle standard, section 4): a JWK Set whose
 * entries carry {@code use: x509-svid} (a CA certificate in {@code x5c}) or {@code use: jwt-svid} (a signing key
 * with a {@code kid}), plus the optional {@code spiffe_sequence} and {@code spiffe_refresh_hint}.
 * <p>
 * Entries the standard says to ignore are skipped: unknown or missing {@code use}, unknown or missing {@code kty},
 * X.509 entries with an empty {@code x5c} (and every {@code x5c} value after the first). A JWT entry without
 * {@code kid}, or any entry that cannot be decoded, fails the whole document.
 */
final class BundleDocument {

    static final String X509_SVID = "x509-svid";

    static final String JWT_SVID = "jwt-svid";

    private static final byte[] ED25519_SPKI_PREFIX = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };

    private static final int ED25519_KEY_LENGTH = 32;

    private static final Set<String> KNOWN_KEY_TYPES = Set.of("EC", "RSA", "OKP", "oct");

    final List<X509Certificate> x509Authorities = new ArrayList<>();

    final List<JwtAuthority> jwtAuthorities = new ArrayList<>();

    Long sequence;

    Long refreshHintSeconds;

    private BundleDocument() {
    }

    /**
     * Parses a document.
     *
     * @param keysWithoutUseAreJwt whether entries without {@code use} are JWT authorities: true for the bare JWKS
     * of the Workload API's JWT bundles (SPIRE omits {@code use} there), false for the SPIFFE bundle format, where
     * such entries must be ignored
     */
    static BundleDocument parse(TrustDomain trustDomain, String json, boolean keysWithoutUseAreJwt) {
        String context = "bundle of trust domain \"" + trustDomain + "\"";
        Map<String, Object> document;
        try {
            if (!json.strip().startsWith("{")) {
                throw new ParseException("the document does not start with '{'", 0);
            }
            document = JSONObjectUtils.parse(json);
        }
        catch (ParseException ex) {
            throw new InvalidBundleException("cannot read " + context + ": not a JSON object (" + ex.getMessage() + ")", ex);
        }
        BundleDocument result = new BundleDocument();
        result.sequence = readLong(document, "spiffe_sequence", context);
        result.refreshHintSeconds = readLong(document, "spiffe_refresh_hint", context);
        Object keys = document.get("keys");
        if (!(keys instanceof List)) {
            throw new InvalidBundleException("cannot read " + context + ": \"keys\" must be a JSON array");
        }
        List<?> entries = (List<?>) keys;
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Map)) {
                throw new InvalidBundleException("cannot read " + context + ": keys[" + i + "] is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) entries.get(i);
            result.addEntry(entry, keysWithoutUseAreJwt, context + ", keys[" + i + "]");
        }
        return result;
    }

    private void addEntry(Map<String, Object> entry, boolean keysWithoutUseAreJwt, String context) {
        Object keyType = entry.get("kty");
        if (!(keyType instanceof String) || !KNOWN_KEY_TYPES.contains(keyType)) {
            return;
        }
        Object use = entry.containsKey("use") ? entry.get("use") : (keysWithoutUseAreJwt ? JWT_SVID : null);
        if (X509_SVID.equals(use)) {
            addX509Authority(entry, context);
        }
        else if (JWT_SVID.equals(use)) {
            addJwtAuthority(entry, context);
        }
    }

    private void addX509Authority(Map<String, Object> entry, String context) {
        Object chain = entry.get("x5c");
        if (!(chain instanceof List) || ((List<?>) chain).isEmpty()) {
            return;
        }
        Object first = ((List<?>) chain).get(0);
        X509Certificate authority;
        try {
            if (!(first instanceof String)) {
                throw new CertificateException("x5c values must be strings");
            }
            authority = Certificates.parse(Base64.getDecoder().decode((String) first)).get(0);
        }
        catch (CertificateException | IllegalArgumentException ex) {
            throw new InvalidBundleException("cannot read " + context + ": x5c is not a base64 DER certificate", ex);
        }
        try {
            // the certificate parser does not check keys: a bundle read must also be a bundle that can be written
            keyParameters(authority.getPublicKey());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidBundleException("cannot read " + context + ": " + ex.getMessage(), ex);
        }
        this.x509Authorities.add(authority);
    }

    private void addJwtAuthority(Map<String, Object> entry, String context) {
        Object keyId = entry.get("kid");
        if (!(keyId instanceof String) || ((String) keyId).isEmpty()) {
            throw new InvalidBundleException("cannot read " + context + ": JWT authority has no \"kid\"");
        }
        JWK jwk;
        try {
            jwk = JWK.parse(entry);
        }
        catch (ParseException ex) {
            throw new InvalidBundleException("cannot read " + context + ": " + ex.getMessage(), ex);
        }
        try {
            if (jwk instanceof ECKey) {
                this.jwtAuthorities.add(JwtAuthority.of((String) keyId, ((ECKey) jwk).toECPublicKey()));
            }
            else if (jwk instanceof RSAKey) {
                this.jwtAuthorities.add(JwtAuthority.of((String) keyId, ((RSAKey) jwk).toRSAPublicKey()));
            }
            // OKP and oct keys cannot verify JWT-SVIDs (only RS, ES and PS algorithms are allowed): ignored.
        }
        catch (JOSEException ex) {
            throw new InvalidBundleException("cannot read " + context + ": " + ex.getMessage(), ex);
        }
    }

    private static Long readLong(Map<String, Object> document, String name, String context) {
        Object value = document.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Long) && !(value instanceof Integer)) {
            throw new InvalidBundleException("cannot read " + context + ": \"" + name + "\" must be an integer");
        }
        return ((Number) value).longValue();
    }

    /** Writes a document in the SPIFFE bundle format. */
    static String write(List<X509Certificate> x509Authorities, List<JwtAuthority> jwtAuthorities, Long sequence,
            Long refreshHintSeconds) {
        Map<String, Object> document = new LinkedHashMap<>();
        List<Object> keys = new ArrayList<>();
        for (X509Certificate authority : x509Authorities) {
            keys.add(x509Entry(authority));
        }
        for (JwtAuthority authority : jwtAuthorities) {
            keys.add(authority.toJwk().toJSONObject());
        }
        document.put("keys", keys);
        if (sequence != null) {
            document.put("spiffe_sequence", sequence);
        }
        if (refreshHintSeconds != null) {
            document.put("spiffe_refresh_hint", refreshHintSeconds);
        }
        return JSONObjectUtils.toJSONString(document);
    }

    /**
     * The JWK parameters of an X.509 authority's key ({@code kty}, {@code crv}, {@code x}, {@code y} or {@code n},
     * {@code e}).
     *
     * @throws IllegalArgumentException if the key is not EC on a named curve, RSA or Ed25519, or is no valid key
     */
    private static Map<String, Object> keyParameters(PublicKey key) {
        if (key instanceof ECPublicKey) {
            ECPublicKey ecKey = (ECPublicKey) key;
            Curve curve = Curve.forECParameterSpec(ecKey.getParams());
            if (curve == null) {
                throw new IllegalArgumentException("the EC key of the X.509 authority is not on a named curve");
            }
            try {
                return new ECKey.Builder(curve, ecKey).build().toJSONObject();
            }
            catch (IllegalStateException ex) {
                throw new IllegalArgumentException("the EC key of the X.509 authority is not a point of " + curve, ex);
            }
        }
        if (key instanceof RSAPublicKey) {
            return new RSAKey.Builder((RSAPublicKey) key).build().toJSONObject();
        }
        byte[] spki = key.getEncoded();
        if (spki != null && isEd25519(spki)) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("kty", "OKP");
            parameters.put("crv", "Ed25519");
            parameters.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Arrays.copyOfRange(spki, spki.length - ED25519_KEY_LENGTH, spki.length)));
            return parameters;
        }
        throw new IllegalArgumentException("the X.509 authority holds a " + key.getAlgorithm()
                + " key, which has no JWK form in a SPIFFE bundle (EC on a named curve, RSA or Ed25519)");
    }

    /** Whether a SubjectPublicKeyInfo is an Ed25519 key (OID 1.3.101.112, then the 32-byte key). */
    private static boolean isEd25519(byte[] spki) {
        return spki.length == ED25519_SPKI_PREFIX.length + ED25519_KEY_LENGTH
                && Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0,
                        ED25519_SPKI_PREFIX.length);
    }

    private static Map<String, Object> x509Entry(X509Certificate authority) {
        Map<String, Object> entry = new LinkedHashMap<>(keyParameters(authority.getPublicKey()));
        entry.put("use", X509_SVID);
        try {
            entry.put("x5c", List.of(Base64.getEncoder().encodeToString(authority.getEncoded())));
        }
        catch (CertificateEncodingException ex) {
            throw new IllegalStateException("cannot encode a parsed certificate", ex);
        }
        return entry;
    }
}
