package dev.spiffeboot.svid.jwt;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.spiffeboot.svid.jwt.InvalidJwtSvidException.Reason;
import dev.spiffeboot.testing.JwsRespelling;
import dev.spiffeboot.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtSvidTests {

    private final TestJwtIssuer issuer = TestJwtIssuer.es256("example.org", "k");

    @Test
    void readsTokensFromTheOwnWorkloadApiWithoutTheirSigningKey() throws Exception {
        String token = this.issuer.token("spiffe://example.org/server").keyId("unknown-to-us").sign();
        JwtSvid svid = JwtSvid.parseUnverified(token, "internal");
        assertThat(svid.id().toString()).isEqualTo("spiffe://example.org/client");
        assertThat(svid.audience()).containsExactly("spiffe://example.org/server");
        assertThat(svid.hint()).isEqualTo("internal");
        assertThat(svid.token()).isEqualTo(token);
    }

    @Test
    void stillChecksStructureAndRequiredClaims() {
        assertThatThrownBy(() -> JwtSvid.parseUnverified(this.issuer.token("a").expiresAt(null).sign(), ""))
            .isInstanceOfSatisfying(InvalidJwtSvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.MISSING_EXPIRY));
        assertThatThrownBy(() -> JwtSvid.parseUnverified(this.issuer.token("a").type("at+jwt").sign(), ""))
            .isInstanceOfSatisfying(InvalidJwtSvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.UNSUPPORTED_TYPE));
        assertThatThrownBy(() -> JwtSvid.parseUnverified("x.y", ""))
            .isInstanceOfSatisfying(InvalidJwtSvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED));
        assertThatThrownBy(() -> JwtSvid.parseUnverified(this.issuer.token("a").claim("aud", Arrays.asList("a", null)).sign(), ""))
            .isInstanceOfSatisfying(InvalidJwtSvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void refusesTokensFromTheWorkloadApiInAnyButTheirCanonicalSpelling() throws Exception {
        String token = this.issuer.token("spiffe://example.org/server").sign();
        assertThat(JwtSvid.parseUnverified(token, "").token()).isEqualTo(token);
        assertThatThrownBy(() -> JwtSvid.parseUnverified(JwsRespelling.SIGNATURE_PADDED.apply(token), ""))
            .isInstanceOfSatisfying(InvalidJwtSvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED))
            .hasMessageStartingWith("token signature is not canonical base64url: character \"=\" at position 86");
    }

    @Test
    void equalityFollowsTheToken() throws Exception {
        String token = this.issuer.token("a").sign();
        assertThat(JwtSvid.parseUnverified(token, "")).isEqualTo(JwtSvid.parseUnverified(token, "other hint"));
    }
}
