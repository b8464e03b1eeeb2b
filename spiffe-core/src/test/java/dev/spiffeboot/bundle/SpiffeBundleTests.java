package dev.spiffeboot.bundle;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
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
    void bothHalvesBelongToOneTrustDomain() {
        assertThatThrownBy(() -> SpiffeBundle.of(this.ca.bundle(), JwtBundle.of(TrustDomain.parse("other.org"), List.of()),
                null, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different trust domains");
    }
}
