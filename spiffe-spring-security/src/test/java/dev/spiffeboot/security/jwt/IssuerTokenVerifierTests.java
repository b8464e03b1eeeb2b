package dev.spiffeboot.security.jwt;

import java.time.Duration;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.testing.JwsRespelling;
import dev.spiffeboot.testing.TestIdentityProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Other issuers' tokens against a real JWK Set on loopback: each refusal classified by what failed. */
class IssuerTokenVerifierTests {

    final TestIdentityProvider idp = TestIdentityProvider.start("https://idp.example.test");

    final IssuerTokenVerifier verifier = IssuerTokenVerifier.builder(this.idp.issuer())
        .audiences(List.of("reports-api"))
        .jwkSetUri(this.idp.jwkSetUri())
        .build();

    IssuerTokenVerifierTests() throws Exception {
    }

    @AfterEach
    void stop() {
        this.idp.close();
    }

    private String reasonFor(String token) {
        return catchRejection(token).reason();
    }

    private BearerTokenRejectedException catchRejection(String token) {
        try {
            this.verifier.verify(token);
        }
        catch (BearerTokenRejectedException ex) {
            return ex;
        }
        throw new AssertionError("the token was accepted");
    }

    @Test
    void aValidTokenIsItsIssuerAndSubject() {
        assertThat(this.verifier.verify(this.idp.token("alice", List.of("reports-api"), Duration.ofMinutes(5))).principal().value())
            .isEqualTo("https://idp.example.test/alice");
    }

    @Test
    void eachRefusalIsClassifiedByWhatFailed() throws Exception {
        assertThat(reasonFor("not.a.token")).isEqualTo("MALFORMED");
        SignedJWT symmetric = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
            .issuer(this.idp.issuer()).subject("mallory").audience("reports-api")
            .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        symmetric.sign(new MACSigner(new byte[32]));
        assertThat(reasonFor(symmetric.serialize())).isEqualTo("UNSUPPORTED_ALGORITHM");
        assertThat(reasonFor(this.idp.tokenWithUnpublishedKey("mallory", List.of("reports-api")))).isEqualTo("UNKNOWN_KEY_ID");
        String[] good = this.idp.token("alice", List.of("reports-api"), Duration.ofMinutes(5)).split("\\.");
        String[] other = this.idp.token("mallory", List.of("reports-api"), Duration.ofMinutes(5)).split("\\.");
        assertThat(reasonFor(good[0] + "." + other[1] + "." + good[2])).isEqualTo("BAD_SIGNATURE");
        assertThat(reasonFor(this.idp.token("alice", List.of("other-api"), Duration.ofMinutes(5)))).isEqualTo("AUDIENCE_MISMATCH");
        BearerTokenRejectedException expired = catchRejection(this.idp.token("alice", List.of("reports-api"), Duration.ofMinutes(-5)));
        assertThat(expired.reason()).isEqualTo("EXPIRED");
        assertThat(expired.logMessage()).startsWith("token of issuer \"https://idp.example.test\": token expired at ");
    }

    @Test
    void aRespelledTokenIsMalformedBeforeAnyKeyIsFetched() {
        String token = this.idp.token("alice", List.of("reports-api"), Duration.ofMinutes(5));
        BearerTokenRejectedException padded = catchRejection(JwsRespelling.SIGNATURE_PADDED.apply(token));
        assertThat(padded.reason()).isEqualTo("MALFORMED");
        assertThat(padded.logMessage()).startsWith("token of issuer \"https://idp.example.test\": token signature is not canonical "
                + "base64url: character \"=\" at position 342");
        assertThat(this.idp.fetches()).isZero();
        assertThat(this.verifier.verify(token).principal().value()).isEqualTo("https://idp.example.test/alice");
    }

    @Test
    void keysThatCannotBeFetchedMakeTheTokenUncheckableNotInvalid() {
        this.idp.serving(false);
        BearerTokenRejectedException unavailable = catchRejection(this.idp.token("alice", List.of("reports-api"), Duration.ofMinutes(5)));
        assertThat(unavailable.isUnavailable()).isTrue();
        assertThat(unavailable.reason()).isEqualTo("VALIDATION_UNAVAILABLE");
    }

    @Test
    void incompleteSettingsAreRefusedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> IssuerTokenVerifier.builder("").build())
            .withMessageStartingWith("issuer must be set");
        assertThatIllegalArgumentException().isThrownBy(() -> IssuerTokenVerifier.builder("https://idp").build())
            .withMessageStartingWith("audiences must list at least one audience");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> IssuerTokenVerifier.builder("https://idp").audiences(List.of("a")).jwkSetUri("http://idp.example.test/keys").build())
            .withMessageStartingWith("jwk-set-uri must be an https URL (http only for a loopback host)");
    }
}
