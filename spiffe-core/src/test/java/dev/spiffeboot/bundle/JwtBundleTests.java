package dev.spiffeboot.bundle;

import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.spiffeid.TrustDomain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtBundleTests {

    private static final TrustDomain EXAMPLE = TrustDomain.parse("example.org");

    static ECPublicKey ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return (ECPublicKey) generator.generateKeyPair().getPublic();
    }

    static RSAPublicKey rsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return (RSAPublicKey) generator.generateKeyPair().getPublic();
    }

    @Test
    void readsWorkloadApiJwksWhoseKeysHaveNoUse() throws Exception {
        ECPublicKey ec = ecKey();
        RSAPublicKey rsa = rsaKey();
        String jwks = "{\"keys\":[" + new ECKey.Builder(Curve.P_256, ec).keyID("ec-1").build().toJSONString() + ","
                + new RSAKey.Builder(rsa).keyID("rsa-1").build().toJSONString() + "]}";
        JwtBundle bundle = JwtBundle.parse(EXAMPLE, jwks);
        assertThat(bundle.authorities()).extracting(JwtAuthority::keyId).containsExactly("ec-1", "rsa-1");
        assertThat(bundle.findAuthority("ec-1")).get().extracting(JwtAuthority::publicKey).isEqualTo(ec);
        assertThat(bundle.findAuthority("rsa-1")).get().extracting(JwtAuthority::publicKey).isEqualTo(rsa);
        assertThat(bundle.findAuthority("missing")).isEmpty();
    }

    @Test
    void ignoresKeysOfOtherUsesAndTypes() throws Exception {
        String okp = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
        String jwks = "{\"keys\":[" + new ECKey.Builder(Curve.P_256, ecKey()).keyID("kept").build().toJSONString()
                + ",{\"kty\":\"EC\",\"use\":\"enc\",\"kid\":\"encryption\",\"crv\":\"P-256\",\"x\":\"x\",\"y\":\"y\"}"
                + ",{\"kty\":\"future-type\",\"kid\":\"unknown\"}" + ",{\"use\":\"jwt-svid\",\"kid\":\"no-kty\"}"
                + "," + okp + "]}";
        assertThat(JwtBundle.parse(EXAMPLE, jwks).authorities()).extracting(JwtAuthority::keyId).containsExactly("kept");
    }

    @Test
    void refusesJwtKeysWithoutKeyId() throws Exception {
        String jwks = "{\"keys\":[" + new ECKey.Builder(Curve.P_256, ecKey()).build().toJSONString() + "]}";
        assertThatThrownBy(() -> JwtBundle.parse(EXAMPLE, jwks)).isInstanceOf(InvalidBundleException.class)
            .hasMessage("cannot read bundle of trust domain \"example.org\", keys[0]: JWT authority has no \"kid\"");
    }

    @Test
    void refusesDocumentsThatAreNotJwkSets() {
        assertThatThrownBy(() -> JwtBundle.parse(EXAMPLE, "[]")).isInstanceOf(InvalidBundleException.class)
            .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> JwtBundle.parse(EXAMPLE, "{}")).isInstanceOf(InvalidBundleException.class)
            .hasMessageContaining("\"keys\" must be a JSON array");
        assertThatThrownBy(() -> JwtBundle.parse(EXAMPLE, "{\"keys\":[1]}")).isInstanceOf(InvalidBundleException.class)
            .hasMessageContaining("keys[0] is not a JSON object");
    }

    @Test
    void refusesTwoDifferentKeysWithOneKeyId() throws Exception {
        List<JwtAuthority> authorities = List.of(JwtAuthority.of("same", ecKey()), JwtAuthority.of("same", ecKey()));
        assertThatThrownBy(() -> JwtBundle.of(EXAMPLE, authorities)).isInstanceOf(InvalidBundleException.class)
            .hasMessageContaining("two different keys with key ID \"same\"");
    }

    @Test
    void writesAJwksThatReadsBack() throws Exception {
        JwtBundle bundle = JwtBundle.of(EXAMPLE, List.of(JwtAuthority.of("a", ecKey()), JwtAuthority.of("b", rsaKey())));
        String jwks = bundle.toJwks();
        assertThat(jwks).contains("\"use\":\"jwt-svid\"").contains("\"kid\":\"a\"");
        assertThat(JwtBundle.parse(EXAMPLE, jwks)).isEqualTo(bundle);
    }

    @Test
    void authoritiesNeedAKeyIdAndAnEcOrRsaKey() throws Exception {
        assertThatThrownBy(() -> JwtAuthority.of("", ecKey())).isInstanceOf(InvalidBundleException.class);
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
        assertThatThrownBy(() -> JwtAuthority.of("ed", ed.generateKeyPair().getPublic()))
            .isInstanceOf(InvalidBundleException.class)
            .hasMessageContaining("JWT-SVIDs are signed with EC or RSA keys");
    }
}
