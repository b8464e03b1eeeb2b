package dev.spiffeboot.bundle;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpiffeBundleTests {

    private static final TrustDomain EXAMPLE = TrustDomain.parse("example.org");

    private final TestCa ca = TestCa.root("example.org");

    private String der(TestCa authority) throws Exception {
        return Base64.getEncoder().encodeToString(authority.certificate().getEncoded());
    }

    @Test
    void writesAndReadsTheSpiffeBundleFormat() throws Exception {
        SpiffeBundle bundle = SpiffeBundle.of(this.ca.bundle(),
                JwtBundle.of(EXAMPLE, List.of(JwtAuthority.of("key-1", JwtBundleTests.ecKey()))), 42L, Duration.ofMinutes(5));
        String json = bundle.toJson();
        assertThat(json).contains("\"use\":\"x509-svid\"").contains("\"use\":\"jwt-svid\"")
            .contains("\"spiffe_sequence\":42").contains("\"spiffe_refresh_hint\":300").contains("\"x5c\":[");
        SpiffeBundle parsed = SpiffeBundle.parse(EXAMPLE, json);
        assertThat(parsed).isEqualTo(bundle);
        assertThat(parsed.sequence()).hasValue(42);
        assertThat(parsed.refreshHint()).contains(Duration.ofSeconds(300));
    }

    @Test
    void readsTheExampleShapeOfTheStandard() throws Exception {
        String json = "{\"spiffe_sequence\": 1, \"spiffe_refresh_hint\": 2419200, \"keys\": [{\"kty\": \"EC\", "
                + "\"use\": \"x509-svid\", \"x5c\": [\"" + der(this.ca) + "\"], \"crv\": \"P-256\", \"x\": \"ignored\", \"y\": \"ignored\"}]}";
        SpiffeBundle bundle = SpiffeBundle.parse(EXAMPLE, json);
        assertThat(bundle.x509Bundle().authorities()).containsExactly(this.ca.certificate());
        assertThat(bundle.jwtBundle().isEmpty()).isTrue();
        assertThat(bundle.refreshHint()).contains(Duration.ofDays(28));
    }

    @Test
    void ignoresWhatTheStandardSaysToIgnore() throws Exception {
        TestCa other = TestCa.root("example.org");
        String jwt = new ECKey.Builder(Curve.P_256, JwtBundleTests.ecKey()).keyID("no-use").build().toJSONString();
        String json = "{\"keys\": ["
                + "{\"kty\":\"EC\",\"use\":\"x509-svid\",\"x5c\":[\"" + der(this.ca) + "\",\"" + der(other) + "\"]},"
                + "{\"kty\":\"EC\",\"use\":\"x509-svid\",\"x5c\":[]},"
                + "{\"kty\":\"EC\",\"use\":\"x509-svid\"},"
                + "{\"kty\":\"EC\",\"use\":\"wit-svid\",\"x5c\":[\"" + der(other) + "\"]},"
                + "{\"kty\":\"EC\",\"x5c\":[\"" + der(other) + "\"]},"
                + "{\"kty\":\"XYZ\",\"use\":\"x509-svid\",\"x5c\":[\"" + der(other) + "\"]},"
                + jwt + "], \"unknown_parameter\": true}";
        SpiffeBundle bundle = SpiffeBundle.parse(EXAMPLE, json);
        assertThat(bundle.x509Bundle().authorities()).containsExactly(this.ca.certificate());
        assertThat(bundle.jwtBundle().isEmpty()).isTrue();
        assertThat(bundle.sequence()).isEmpty();
        assertThat(bundle.refreshHint()).isEmpty();
    }

    @Test
    void anEmptyKeyListTrustsNothing() {
        SpiffeBundle bundle = SpiffeBundle.parse(EXAMPLE, "{\"keys\":[]}");
        assertThat(bundle.x509Bundle().isEmpty()).isTrue();
        assertThat(bundle.jwtBundle().isEmpty()).isTrue();
    }

    @Test
    void refusesBrokenDocuments() {
        assertThatThrownBy(() -> SpiffeBundle.parse(EXAMPLE, "{\"keys\":[],\"spiffe_sequence\":\"one\"}"))
            .isInstanceOf(InvalidBundleException.class).hasMessageContaining("\"spiffe_sequence\" must be an integer");
        assertThatThrownBy(() -> SpiffeBundle.parse(EXAMPLE, "{\"keys\":[{\"kty\":\"EC\",\"use\":\"x509-svid\",\"x5c\":[\"!!\"]}]}"))
            .isInstanceOf(InvalidBundleException.class).hasMessageContaining("keys[0]: x5c is not a base64 DER certificate");
        assertThatThrownBy(() -> SpiffeBundle.parse(EXAMPLE, "not json")).isInstanceOf(InvalidBundleException.class);
    }

    @Test
    void refusesAuthoritiesWhoseKeyHasNoJwkForm() throws Exception {
        // found by fuzzing: such documents were read, and writing the bundle back threw from inside Nimbus
        byte[] offCurve = this.ca.certificate().getEncoded();
        int point = indexOf(offCurve, new byte[] { 0x03, 0x42, 0x00, 0x04 }) + 4;
        offCurve[point + 63] ^= 1;
        assertThatThrownBy(() -> SpiffeBundle.parse(EXAMPLE, x509Document(offCurve)))
            .isInstanceOf(InvalidBundleException.class)
            .hasMessageContaining("keys[0]: the EC key of the X.509 authority is not a point of P-256");
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        X500Name name = new X500Name("CN=DSA authority");
        X509Certificate dsaAuthority = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.ONE, new Date(), new Date(System.currentTimeMillis() + 3_600_000), name, dsa.generateKeyPair().getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(this.ca.keyPair().getPrivate())));
        assertThatThrownBy(() -> SpiffeBundle.parse(EXAMPLE, x509Document(dsaAuthority.getEncoded())))
            .isInstanceOf(InvalidBundleException.class)
            .hasMessageContaining("keys[0]: the X.509 authority holds a DSA key, which has no JWK form");
    }

    private static String x509Document(byte[] certificate) {
        return "{\"keys\":[{\"kty\":\"EC\",\"use\":\"x509-svid\",\"x5c\":[\"" + Base64.getEncoder().encodeToString(certificate)
                + "\"]}]}";
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    @Test
    void bothHalvesBelongToOneTrustDomain() {
        assertThatThrownBy(() -> SpiffeBundle.of(this.ca.bundle(), JwtBundle.of(TrustDomain.parse("other.org"), List.of()),
                null, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different trust domains");
    }
}
