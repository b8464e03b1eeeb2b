package dev.spiffeboot.workloadapi.wire;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.spiffeboot.workloadapi.wire.Bytes.cat;
import static dev.spiffeboot.workloadapi.wire.Bytes.len;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class RequestsTests {

    @Test
    void theStreamRequestsAreEmpty() {
        assertThat(new X509SvidRequest().toByteArray()).isEmpty();
        assertThat(new X509BundlesRequest().toByteArray()).isEmpty();
        assertThat(new JwtBundlesRequest().toByteArray()).isEmpty();
    }

    @Test
    void aJwtSvidRequestWritesEveryAudienceThenTheSpiffeId() {
        assertThat(new JwtSvidRequest(List.of("a", "bé"), "spiffe://example.org/w").toByteArray())
            .isEqualTo(cat(len(1, "a"), len(1, "bé"), len(2, "spiffe://example.org/w")));
    }

    @Test
    void aJwtSvidRequestWithoutSpiffeIdDoesNotWriteIt() {
        assertThat(new JwtSvidRequest(List.of("a"), "").toByteArray()).isEqualTo(len(1, "a"));
        assertThat(new JwtSvidRequest(List.of("a"), null).toByteArray()).isEqualTo(len(1, "a"));
        assertThat(new JwtSvidRequest(List.of("a"), null).spiffeId()).isEmpty();
        assertThat(new JwtSvidRequest(List.of(), null).toByteArray()).isEmpty();
    }

    @Test
    void anEmptyAudienceIsWrittenLikeAnyElementOfARepeatedField() {
        assertThat(new JwtSvidRequest(List.of("", "b"), "x").toByteArray()).isEqualTo(cat(len(1, ""), len(1, "b"), len(2, "x")));
    }

    @Test
    void aJwtSvidRequestCopiesItsAudiences() {
        String[] audiences = { "a", "b" };
        List<String> list = Arrays.asList(audiences);
        JwtSvidRequest request = new JwtSvidRequest(list, null);
        audiences[0] = "changed";
        assertThat(request.audiences()).containsExactly("a", "b");
        assertThatNullPointerException().isThrownBy(() -> new JwtSvidRequest(null, null));
        assertThatNullPointerException().isThrownBy(() -> new JwtSvidRequest(Arrays.asList("a", null), null));
    }

    @Test
    void aValidateJwtSvidRequestWritesItsNonEmptyFields() {
        assertThat(new ValidateJwtSvidRequest("aud", "h.p.s").toByteArray()).isEqualTo(cat(len(1, "aud"), len(2, "h.p.s")));
        assertThat(new ValidateJwtSvidRequest("", "h.p.s").toByteArray()).isEqualTo(len(2, "h.p.s"));
        assertThat(new ValidateJwtSvidRequest("aud", "").toByteArray()).isEqualTo(len(1, "aud"));
        assertThat(new ValidateJwtSvidRequest("", "").toByteArray()).isEmpty();
        assertThatNullPointerException().isThrownBy(() -> new ValidateJwtSvidRequest(null, "t"));
        assertThatNullPointerException().isThrownBy(() -> new ValidateJwtSvidRequest("a", null));
    }

    @Test
    void longFieldsHaveMultiByteLengths() {
        String token = "t".repeat(200);
        assertThat(new ValidateJwtSvidRequest("a", token).toByteArray())
            .isEqualTo(cat(len(1, "a"), new byte[] { 0x12, (byte) 0xc8, 0x01 }, Bytes.utf8(token)));
    }

    @Test
    void theTokenIsNotInToString() {
        assertThat(new ValidateJwtSvidRequest("aud", "SECRET.TOKEN.X").toString()).contains("aud").doesNotContain("SECRET");
    }
}
