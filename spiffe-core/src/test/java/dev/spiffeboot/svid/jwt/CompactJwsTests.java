package dev.spiffeboot.svid.jwt;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CompactJwsTests {

    @Test
    void splitsATokenIntoItsDecodedParts() {
        CompactJws jws = CompactJws.parse("eyJhbGciOiJFUzI1NiJ9.e30.c2ln");
        assertThat(new String(jws.header(), StandardCharsets.UTF_8)).isEqualTo("{\"alg\":\"ES256\"}");
        assertThat(new String(jws.payload(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(jws.signature()).isEqualTo("sig".getBytes(StandardCharsets.US_ASCII));
        assertThat(jws.signingInput()).isEqualTo("eyJhbGciOiJFUzI1NiJ9.e30".getBytes(StandardCharsets.US_ASCII));
        assertThat(jws.encodedHeader()).isEqualTo("eyJhbGciOiJFUzI1NiJ9");
        assertThat(jws.encodedSignature()).isEqualTo("c2ln");
        assertThat(jws.toString()).doesNotContain("c2ln").isEqualTo("CompactJws[header=20 chars, payload=3 chars, signature=4 chars]");
    }

    @Test
    void refusesAnythingButThreeParts() {
        assertThatIllegalArgumentException().isThrownBy(() -> CompactJws.parse("")).withMessage("token is empty");
        assertThatIllegalArgumentException().isThrownBy(() -> CompactJws.parse("e30.e30"))
            .withMessageStartingWith("token is not a JWS in compact serialization");
        assertThatIllegalArgumentException().isThrownBy(() -> CompactJws.parse("e30.e30.c2ln.e30.e30"))
            .withMessageStartingWith("token is not a JWS in compact serialization");
    }

    @Test
    void refusesEmptyParts() {
        // an empty payload is a detached one (RFC 7515 appendix F), which a JWT never is
        assertThatIllegalArgumentException().isThrownBy(() -> CompactJws.parse(".e30.c2ln")).withMessage("token header is empty");
        assertThatIllegalArgumentException().isThrownBy(() -> CompactJws.parse("e30..c2ln")).withMessage("token payload is empty");
    }

    @Test
    void leavesAnEmptySignatureToTheAlgorithmCheck() {
        // the spelling of an unsecured JWT (alg "none"): refused where the algorithm is known, with that reason
        assertThat(CompactJws.parse("e30.e30.").signature()).isEmpty();
    }

    @Test
    void namesThePartThatIsNotCanonical() {
        assertThatIllegalArgumentException().isThrownBy(() -> CompactJws.parse("e30.e30.c2ln=="))
            .withMessage("token signature is not canonical base64url: character \"=\" at position 4: "
                    + "padding is not allowed (RFC 7515 section 2: base64url without padding)");
        assertThatIllegalArgumentException().isThrownBy(() -> CompactJws.parse("e30.e3/.c2ln"))
            .withMessageStartingWith("token payload is not canonical base64url: character \"/\" at position 2");
        assertThatIllegalArgumentException().isThrownBy(() -> CompactJws.parse("e31.e30.c2ln"))
            .withMessageStartingWith("token header is not canonical base64url: character \"1\" at position 2 has unused bits set");
    }
}
