package dev.spiffeboot.workloadapi.wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.spiffeboot.workloadapi.wire.Bytes.cat;
import static dev.spiffeboot.workloadapi.wire.Bytes.entry;
import static dev.spiffeboot.workloadapi.wire.Bytes.hex;
import static dev.spiffeboot.workloadapi.wire.Bytes.len;
import static dev.spiffeboot.workloadapi.wire.Bytes.tag;
import static dev.spiffeboot.workloadapi.wire.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponsesTests {

    private static final byte[] UNKNOWN = cat(tag(15, 0), hex("96 01"), tag(16, 1), hex("0000000000000000"), len(17, "?"),
            tag(2047, 5), hex("00000000"));

    @Test
    void parsesAnX509SvidResponse() throws Exception {
        byte[] svid = cat(len(1, "spiffe://example.org/a"), len(2, hex("3001")), len(3, hex("3002")), len(4, hex("3003")),
                len(5, "internal"));
        byte[] message = cat(len(1, svid), len(2, hex("aa")), UNKNOWN, len(1, len(1, "spiffe://example.org/b")),
                entry(3, "spiffe://b.org", hex("bb")), len(2, new byte[0]), entry(3, "spiffe://a.org", hex("cc")));
        X509SvidResponse response = X509SvidResponse.parse(message);
        assertThat(response.svids()).hasSize(2);
        X509SvidEntry first = response.svids().get(0);
        assertThat(first.spiffeId()).isEqualTo("spiffe://example.org/a");
        assertThat(first.x509Svid()).isEqualTo(hex("3001"));
        assertThat(first.x509SvidKey()).isEqualTo(hex("3002"));
        assertThat(first.bundle()).isEqualTo(hex("3003"));
        assertThat(first.hint()).isEqualTo("internal");
        X509SvidEntry second = response.svids().get(1);
        assertThat(second.spiffeId()).isEqualTo("spiffe://example.org/b");
        assertThat(second.x509Svid()).isEmpty();
        assertThat(second.x509SvidKey()).isEmpty();
        assertThat(second.bundle()).isEmpty();
        assertThat(second.hint()).isEmpty();
        assertThat(response.crl()).containsExactly(hex("aa"), new byte[0]);
        assertThat(response.federatedBundles()).containsOnlyKeys("spiffe://b.org", "spiffe://a.org");
        assertThat(response.federatedBundles().keySet()).containsExactly("spiffe://b.org", "spiffe://a.org");
        assertThat(response.federatedBundles().get("spiffe://a.org")).isEqualTo(hex("cc"));
    }

    @Test
    void aScalarFieldSeenTwiceKeepsItsLastValue() throws Exception {
        byte[] svid = cat(len(1, "first"), len(2, hex("01")), len(5, "h1"), len(1, "second"), len(2, hex("02")), len(5, ""));
        X509SvidEntry entry = X509SvidResponse.parse(len(1, svid)).svids().get(0);
        assertThat(entry.spiffeId()).isEqualTo("second");
        assertThat(entry.x509Svid()).isEqualTo(hex("02"));
        assertThat(entry.hint()).isEmpty();
        assertThat(ValidateJwtSvidResponse.parse(cat(len(1, "a"), len(1, "b"))).spiffeId()).isEqualTo("b");
    }

    @Test
    void aMapKeySeenTwiceKeepsItsLastValueAndFirstPlace() throws Exception {
        byte[] message = cat(entry(2, "x", hex("01")), entry(2, "y", hex("02")), entry(2, "x", hex("03")), len(2, new byte[0]));
        X509BundlesResponse response = X509BundlesResponse.parse(message);
        assertThat(response.bundles().keySet()).containsExactly("x", "y", "");
        assertThat(response.bundles().get("x")).isEqualTo(hex("03"));
        assertThat(response.bundles().get("")).isEmpty();
    }

    @Test
    void parsesAnX509BundlesResponse() throws Exception {
        X509BundlesResponse response = X509BundlesResponse.parse(cat(len(1, hex("01")), UNKNOWN, entry(2, "spiffe://a.org", hex("30")),
                len(1, hex("02"))));
        assertThat(response.crl()).containsExactly(hex("01"), hex("02"));
        assertThat(response.bundles()).containsOnlyKeys("spiffe://a.org");
        assertThat(response.bundles().get("spiffe://a.org")).isEqualTo(hex("30"));
    }

    @Test
    void parsesAJwtBundlesResponse() throws Exception {
        JwtBundlesResponse response = JwtBundlesResponse.parse(cat(entry(1, "spiffe://a.org", utf8("{\"keys\":[]}")), UNKNOWN,
                entry(1, "spiffe://b.org", utf8("{}"))));
        assertThat(response.bundles().keySet()).containsExactly("spiffe://a.org", "spiffe://b.org");
        assertThat(response.bundles().get("spiffe://a.org")).isEqualTo(utf8("{\"keys\":[]}"));
    }

    @Test
    void parsesAJwtSvidResponse() throws Exception {
        JwtSvidResponse response = JwtSvidResponse.parse(cat(len(1, cat(len(1, "spiffe://a.org/w"), UNKNOWN, len(2, "h.p.s"),
                len(3, "hint"))), UNKNOWN, len(1, new byte[0])));
        assertThat(response.svids()).containsExactly(new JwtSvidEntry("spiffe://a.org/w", "h.p.s", "hint"), new JwtSvidEntry("", "", ""));
    }

    @Test
    void parsesAValidateJwtSvidResponseSkippingTheClaims() throws Exception {
        byte[] claims = len(1, cat(len(1, "sub"), len(2, len(3, "spiffe://a.org/w"))));
        assertThat(ValidateJwtSvidResponse.parse(cat(len(1, "spiffe://a.org/w"), len(2, claims), UNKNOWN)).spiffeId())
            .isEqualTo("spiffe://a.org/w");
        assertThat(ValidateJwtSvidResponse.parse(len(2, hex("ffff"))).spiffeId()).isEmpty();
        assertThatThrownBy(() -> ValidateJwtSvidResponse.parse(cat(tag(2, 0), hex("01"))))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessage("ValidateJWTSVIDResponse.claims: wire type 0 where 2 (length-delimited) is expected");
        assertThatThrownBy(() -> ValidateJwtSvidResponse.parse(hex("1205 0000")))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessage("ValidateJWTSVIDResponse.claims: length past the end of the message");
    }

    @Test
    void anEmptyMessageHasDefaultsNotNulls() throws Exception {
        byte[] empty = new byte[0];
        assertThat(X509SvidResponse.parse(empty)).satisfies(r -> {
            assertThat(r.svids()).isEmpty();
            assertThat(r.crl()).isEmpty();
            assertThat(r.federatedBundles()).isEmpty();
        });
        assertThat(X509BundlesResponse.parse(empty).crl()).isEmpty();
        assertThat(X509BundlesResponse.parse(empty).bundles()).isEmpty();
        assertThat(JwtBundlesResponse.parse(empty).bundles()).isEmpty();
        assertThat(JwtSvidResponse.parse(empty).svids()).isEmpty();
        assertThat(ValidateJwtSvidResponse.parse(empty).spiffeId()).isEmpty();
    }

    @Test
    void errorsNameTheMessageAndField() {
        assertThatThrownBy(() -> X509SvidResponse.parse(len(1, len(1, hex("ff")))))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessage("X509SVID.spiffe_id: not UTF-8");
        assertThatThrownBy(() -> X509SvidResponse.parse(len(1, len(5, hex("ff")))))
            .hasMessage("X509SVID.hint: not UTF-8");
        assertThatThrownBy(() -> X509SvidResponse.parse(hex("0a05 0a01")))
            .hasMessage("X509SVIDResponse.svids: length past the end of the message");
        assertThatThrownBy(() -> X509SvidResponse.parse(hex("1a03 0a01ff")))
            .hasMessage("X509SVIDResponse.FederatedBundlesEntry.key: not UTF-8");
        assertThatThrownBy(() -> X509SvidResponse.parse(hex("1001")))
            .hasMessage("X509SVIDResponse.crl: wire type 0 where 2 (length-delimited) is expected");
        assertThatThrownBy(() -> X509SvidResponse.parse(len(1, hex("1801"))))
            .hasMessage("X509SVID.x509_svid_key: wire type 0 where 2 (length-delimited) is expected");
        assertThatThrownBy(() -> X509BundlesResponse.parse(hex("1203 0a01ff")))
            .hasMessage("X509BundlesResponse.BundlesEntry.key: not UTF-8");
        assertThatThrownBy(() -> X509BundlesResponse.parse(hex("0d00000000")))
            .hasMessage("X509BundlesResponse.crl: wire type 5 where 2 (length-delimited) is expected");
        assertThatThrownBy(() -> JwtBundlesResponse.parse(hex("0a02 1201")))
            .hasMessage("JWTBundlesResponse.BundlesEntry.value: length past the end of the message");
        assertThatThrownBy(() -> JwtSvidResponse.parse(len(1, len(2, hex("c0 80")))))
            .hasMessage("JWTSVID.svid: not UTF-8");
        assertThatThrownBy(() -> JwtSvidResponse.parse(len(1, len(3, hex("ed a0 80")))))
            .hasMessage("JWTSVID.hint: not UTF-8");
        assertThatThrownBy(() -> JwtSvidResponse.parse(hex("0b 0c")))
            .hasMessage("JWTSVIDResponse field 1: unsupported wire type 3");
        assertThatThrownBy(() -> ValidateJwtSvidResponse.parse(hex("0a01 80")))
            .hasMessage("ValidateJWTSVIDResponse.spiffe_id: not UTF-8");
    }

    @Test
    void parsesARangeOfAnArray() throws Exception {
        byte[] buffer = cat(hex("0a ff"), len(1, "spiffe://a.org/w"), hex("ff ff"));
        assertThat(ValidateJwtSvidResponse.parse(buffer, 2, buffer.length - 4).spiffeId()).isEqualTo("spiffe://a.org/w");
        assertThatThrownBy(() -> ValidateJwtSvidResponse.parse(buffer, 0, buffer.length))
            .isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> ValidateJwtSvidResponse.parse(buffer, 3, buffer.length))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> JwtSvidResponse.parse(buffer, -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void collectionsAreUnmodifiableCopies() throws Exception {
        X509SvidResponse response = X509SvidResponse.parse(cat(len(1, new byte[0]), len(2, hex("01")), entry(3, "k", hex("02"))));
        assertThatThrownBy(() -> response.svids().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> response.crl().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> response.federatedBundles().clear()).isInstanceOf(UnsupportedOperationException.class);
        List<byte[]> crl = new ArrayList<>(List.of(hex("01")));
        Map<String, byte[]> bundles = new HashMap<>(Map.of("k", hex("02")));
        X509BundlesResponse built = new X509BundlesResponse(crl, bundles);
        crl.clear();
        bundles.clear();
        assertThat(built.crl()).hasSize(1);
        assertThat(built.bundles()).hasSize(1);
        Map<String, byte[]> withNull = new HashMap<>();
        withNull.put("k", null);
        assertThatNullPointerException().isThrownBy(() -> new JwtBundlesResponse(withNull));
        assertThatNullPointerException().isThrownBy(() -> new JwtSvidEntry("a", null, ""));
    }

    @Test
    void secretsAreNotInToString() throws Exception {
        X509SvidResponse x509 = X509SvidResponse.parse(len(1, cat(len(1, "spiffe://a.org/w"), len(3, utf8("SECRETKEY")))));
        assertThat(x509.toString()).contains("spiffe://a.org/w", "9 bytes").doesNotContain("SECRET");
        JwtSvidResponse jwt = JwtSvidResponse.parse(len(1, cat(len(1, "spiffe://a.org/w"), len(2, "SECRET.TOKEN.X"))));
        assertThat(jwt.toString()).contains("spiffe://a.org/w", "14 chars").doesNotContain("SECRET");
    }
}
