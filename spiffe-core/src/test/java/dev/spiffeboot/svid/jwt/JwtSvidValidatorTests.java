package dev.spiffeboot.svid.jwt;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException.Reason;
import dev.spiffeboot.testing.JwsRespelling;
import dev.spiffeboot.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtSvidValidatorTests {

    private static final String SERVER = "spiffe://example.org/server";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final TestJwtIssuer example = TestJwtIssuer.es256("example.org", "example-key");

    private final TestJwtIssuer other = TestJwtIssuer.es256("other.org", "other-key");

    private final JwtSvidValidator validator = JwtSvidValidator.of(JwtBundleSet.of(this.example.bundle(), this.other.bundle()));

    @Test
    void acceptsAValidToken() throws Exception {
        Instant expiry = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        String token = this.example.token(SERVER).expiresAt(expiry).sign();
        JwtSvid svid = this.validator.validate(token, SERVER);
        assertThat(svid.id()).isEqualTo(SpiffeId.parse("spiffe://example.org/client"));
        assertThat(svid.audience()).containsExactly(SERVER);
        assertThat(svid.expiresAt()).isEqualTo(expiry);
        assertThat(svid.issuedAt()).isPresent();
        assertThat(svid.token()).isEqualTo(token);
        assertThat(svid.claims()).containsKey("sub");
        assertThat(svid.toString()).doesNotContain(token);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512" })
    void acceptsEveryAlgorithmTheStandardAllows(String algorithm) throws Exception {
        TestJwtIssuer issuer = TestJwtIssuer.of("example.org", "k-" + algorithm, JWSAlgorithm.parse(algorithm));
        JwtSvidValidator validator = JwtSvidValidator.of(issuer.bundle());
        assertThat(validator.validate(issuer.token(SERVER).sign(), SERVER).id().trustDomain())
            .isEqualTo(TrustDomain.parse("example.org"));
    }

    @Test
    void acceptsTypJwtJoseOrNone() throws Exception {
        assertThat(this.validator.validate(this.example.token(SERVER).type("JWT").sign(), SERVER)).isNotNull();
        assertThat(this.validator.validate(this.example.token(SERVER).type("JOSE").sign(), SERVER)).isNotNull();
        assertThat(this.validator.validate(this.example.token(SERVER).type(null).sign(), SERVER)).isNotNull();
    }

    @Test
    void refusesOtherTypes() {
        assertRefused(this.example.token(SERVER).type("at+jwt").sign(), Reason.UNSUPPORTED_TYPE,
                "unsupported token type \"at+jwt\" (allowed: absent, \"JWT\" or \"JOSE\")");
    }

    @Test
    void refusesAlgNone() {
        String claims = BASE64URL.encodeToString(("{\"sub\":\"spiffe://example.org/client\",\"aud\":[\"" + SERVER
                + "\"],\"exp\":" + Instant.now().plusSeconds(300).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        String token = BASE64URL.encodeToString("{\"alg\":\"none\",\"kid\":\"example-key\"}".getBytes(StandardCharsets.UTF_8))
                + "." + claims + ".";
        assertRefused(token, Reason.UNSUPPORTED_ALGORITHM, "unsupported token algorithm \"none\"");
    }

    @Test
    void refusesHs256SignedWithThePublicKeyBytes() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("spiffe://example.org/client").audience(SERVER)
            .expirationTime(java.util.Date.from(Instant.now().plusSeconds(300)))
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("example-key").build(), claims);
        jwt.sign(new MACSigner(this.example.keys().getPublic().getEncoded()));
        assertRefused(jwt.serialize(), Reason.UNSUPPORTED_ALGORITHM, "unsupported token algorithm \"HS256\"");
    }

    @Test
    void refusesEdDsa() {
        String token = BASE64URL.encodeToString("{\"alg\":\"EdDSA\",\"kid\":\"example-key\"}".getBytes(StandardCharsets.UTF_8))
                + "." + BASE64URL.encodeToString("{\"sub\":\"spiffe://example.org/client\"}".getBytes(StandardCharsets.UTF_8))
                + "." + BASE64URL.encodeToString(new byte[64]);
        assertRefused(token, Reason.UNSUPPORTED_ALGORITHM, "unsupported token algorithm \"EdDSA\"");
    }

    @Test
    void refusesTokensWithoutKeyId() {
        assertRefused(this.example.token(SERVER).keyId(null).sign(), Reason.MISSING_KEY_ID, "token header has no \"kid\"");
    }

    @Test
    void refusesUnknownKeyIds() {
        assertRefused(this.example.token(SERVER).keyId("rotated-away").sign(), Reason.UNKNOWN_KEY_ID,
                "no JWT authority \"rotated-away\" found for trust domain \"example.org\"");
    }

    @Test
    void refusesATokenOfAnotherTrustDomainSignedWithATrustedKey() {
        // example.org's key is trusted, but only for example.org subjects
        assertRefused(this.example.token(SERVER).subject("spiffe://other.org/client").sign(), Reason.UNKNOWN_KEY_ID,
                "no JWT authority \"example-key\" found for trust domain \"other.org\"");
        assertRefused(this.example.token(SERVER).subject("spiffe://other.org/client").keyId("other-key").sign(),
                Reason.BAD_SIGNATURE, "token signature does not verify with JWT authority \"other-key\" of trust domain \"other.org\"");
    }

    @Test
    void refusesTokensOfUntrustedTrustDomains() {
        assertRefused(this.example.token(SERVER).subject("spiffe://unknown.org/client").sign(), Reason.UNTRUSTED_TRUST_DOMAIN,
                "no JWT bundle for trust domain \"unknown.org\"");
    }

    @Test
    void refusesExpiredTokensNamingTheExpiry() {
        Instant expiry = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        assertRefused(this.example.token(SERVER).expiresAt(expiry).sign(), Reason.EXPIRED, "token expired at " + expiry);
    }

    @Test
    void toleratesTheConfiguredClockSkew() throws Exception {
        String token = this.example.token(SERVER).expiresAt(Instant.now().minusSeconds(30)).sign();
        assertThat(this.validator.validate(token, SERVER)).isNotNull();
        JwtSvidValidator strict = JwtSvidValidator.builder(this.example.bundle()).clockSkew(Duration.ZERO).build();
        assertThatThrownBy(() -> strict.validate(token, SERVER)).isInstanceOfSatisfying(InvalidJwtSvidException.class,
                ex -> assertThat(ex.reason()).isEqualTo(Reason.EXPIRED));
        assertThat(JwtSvidValidator.DEFAULT_CLOCK_SKEW).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void checksTimesAgainstItsClock() {
        String token = this.example.token(SERVER).sign();
        JwtSvidValidator later = JwtSvidValidator.builder(this.example.bundle())
            .clock(Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC))
            .build();
        assertThatThrownBy(() -> later.validate(token, SERVER)).isInstanceOfSatisfying(InvalidJwtSvidException.class,
                ex -> assertThat(ex.reason()).isEqualTo(Reason.EXPIRED));
    }

    @Test
    void refusesTokensNotYetValid() {
        Instant future = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        assertRefused(this.example.token(SERVER).claim("nbf", future).expiresAt(future.plusSeconds(300)).sign(),
                Reason.NOT_YET_VALID, "token is not valid before " + future);
        assertRefused(this.example.token(SERVER).claim("iat", future).expiresAt(future.plusSeconds(300)).sign(),
                Reason.NOT_YET_VALID, "token is issued in the future, at " + future);
    }

    @Test
    void refusesAudienceMismatchNamingBothSides() {
        assertRefused(this.example.token("spiffe://example.org/some-other-server").sign(), Reason.AUDIENCE_MISMATCH,
                "expected audience in [spiffe://example.org/server] (audience=[spiffe://example.org/some-other-server])");
    }

    @Test
    void acceptsAnyOfSeveralExpectedAudiences() throws Exception {
        String token = this.example.token("service-b").audience("service-b", "service-c").sign();
        assertThat(this.validator.validate(token, List.of("service-c")).audience()).containsExactly("service-b", "service-c");
        assertThat(this.validator.validate(token, List.of("service-x", "service-b"))).isNotNull();
    }

    @Test
    void requiresAnExpectedAudience() {
        String token = this.example.token(SERVER).sign();
        assertThatThrownBy(() -> this.validator.validate(token, List.of())).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("at least one expected audience must be given");
    }

    @Test
    void refusesMalformedAndMissingSubjects() {
        assertRefused(this.example.token(SERVER).subject("spiffe://example.org/a//b").sign(), Reason.INVALID_SUBJECT,
                "token subject is not a SPIFFE ID: invalid SPIFFE ID \"spiffe://example.org/a//b\": path cannot contain empty segments");
        assertRefused(this.example.token(SERVER).subject("client").sign(), Reason.INVALID_SUBJECT,
                "token subject is not a SPIFFE ID");
        assertRefused(this.example.token(SERVER).subject(null).sign(), Reason.MISSING_SUBJECT, "token has no \"sub\" claim");
    }

    @Test
    void refusesTokensWithoutExpiryOrAudience() {
        assertRefused(this.example.token(SERVER).expiresAt(null).sign(), Reason.MISSING_EXPIRY, "token has no \"exp\" claim");
        assertRefused(this.example.token(SERVER).claim("aud", null).sign(), Reason.MISSING_AUDIENCE, "token has no \"aud\" claim");
    }

    @Test
    void refusesANullAudience() {
        // found by fuzzing: a JSON null in "aud" escaped as a NullPointerException, first or last in the list
        assertRefused(this.example.token(SERVER).claim("aud", Arrays.asList(null, SERVER)).sign(), Reason.MALFORMED,
                "token \"aud\" claim holds a null");
        assertRefused(this.example.token(SERVER).claim("aud", Arrays.asList(SERVER, null)).sign(), Reason.MALFORMED,
                "token \"aud\" claim holds a null");
    }

    @Test
    void refusesAByteOrderMarkForHeaderOrClaims() {
        // found by fuzzing: a part that decodes to a lone U+FEFF escaped as a NullPointerException from Nimbus
        String[] parts = this.example.token(SERVER).sign().split("\\.");
        String byteOrderMark = "77u_";
        assertRefused(parts[0] + "." + byteOrderMark + "." + parts[2], Reason.MALFORMED, "token claims are invalid");
        assertRefused(byteOrderMark + "." + parts[1] + "." + parts[2], Reason.MALFORMED, "token header is not a JSON object");
    }

    @Test
    void refusesOversizedTokensBeforeParsing() {
        String padding = "x".repeat(JwtSvidValidator.DEFAULT_MAX_TOKEN_LENGTH);
        assertRefused(this.example.token(SERVER).claim("padding", padding).sign(), Reason.OVERSIZED, "over the limit of 8192");
        assertRefused("a".repeat(9000), Reason.OVERSIZED, "token is 9000 characters long, over the limit of 8192");
        JwtSvidValidator small = JwtSvidValidator.builder(this.example.bundle()).maxTokenLength(100).build();
        assertThatThrownBy(() -> small.validate(this.example.token(SERVER).sign(), SERVER))
            .isInstanceOfSatisfying(InvalidJwtSvidException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.OVERSIZED));
    }

    @Test
    void refusesTamperedTokens() {
        String token = this.example.token(SERVER).sign();
        String[] parts = token.split("\\.");
        String forgedClaims = BASE64URL.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("spiffe://example.org/client", "spiffe://example.org/admin").getBytes(StandardCharsets.UTF_8));
        assertRefused(parts[0] + "." + forgedClaims + "." + parts[2], Reason.BAD_SIGNATURE,
                "token signature does not verify with JWT authority \"example-key\" of trust domain \"example.org\"");
    }

    @Test
    void refusesAnAlgorithmThatDoesNotFitTheKey() {
        TestJwtIssuer rsa = TestJwtIssuer.of("example.org", "example-key", JWSAlgorithm.RS256);
        assertRefused(rsa.token(SERVER).sign(), Reason.BAD_SIGNATURE, "token algorithm RS256 cannot be verified with the EC key");
    }

    @Test
    void refusesMalformedTokens() {
        assertRefused("", Reason.MALFORMED, "token is empty");
        assertRefused("not-a-token", Reason.MALFORMED, "not a JWS in compact serialization");
        assertRefused("a.b.c.d.e", Reason.MALFORMED, "not a JWS in compact serialization");
        assertRefused("e30.e30.sig", Reason.MALFORMED, "token header has no \"alg\"");
        assertRefused("bm90IGpzb24.e30.sig", Reason.MALFORMED, "token header is not a JSON object");
        String header = BASE64URL.encodeToString("{\"alg\":\"ES256\",\"kid\":\"k\"}".getBytes(StandardCharsets.UTF_8));
        assertRefused(header + ".bm90IGpzb24.sig", Reason.MALFORMED, "token claims are invalid");
        String signed = this.example.token(SERVER).sign();
        assertRefused(signed.substring(0, signed.lastIndexOf('.') + 1), Reason.MALFORMED, "token signature is empty");
        assertRefused(".e30.sig", Reason.MALFORMED, "token header is empty");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(JwsRespelling.class)
    void acceptsOneSpellingOfAToken(JwsRespelling respelling) throws Exception {
        // "?????" encodes to "_" in whichever position, so every part of the token has a character to respell
        TestJwtIssuer issuer = TestJwtIssuer.es256("example.org", "key-?????");
        String token = JwsRespelling.tokenRespellableByAll(() -> issuer.token(SERVER).claim("note", "?????").sign());
        JwtSvidValidator validator = JwtSvidValidator.of(issuer.bundle());
        assertThat(validator.validate(token, SERVER).id().toString()).isEqualTo("spiffe://example.org/client");
        String variant = respelling.apply(token);
        assertThatThrownBy(() -> validator.validate(variant, SERVER)).isInstanceOfSatisfying(InvalidJwtSvidException.class, ex -> {
            assertThat(ex.reason()).isEqualTo(Reason.MALFORMED);
            assertThat(ex.getMessage()).contains("is not canonical base64url");
        });
    }

    @Test
    void refusesCriticalHeaders() {
        String header = BASE64URL.encodeToString("{\"alg\":\"ES256\",\"kid\":\"example-key\",\"crit\":[\"exp\"],\"exp\":1}"
            .getBytes(StandardCharsets.UTF_8));
        String claims = BASE64URL.encodeToString("{\"sub\":\"spiffe://example.org/client\"}".getBytes(StandardCharsets.UTF_8));
        assertRefused(header + "." + claims + ".c2ln", Reason.MALFORMED, "critical parameters [exp]");
    }

    @Test
    void errorsNeverCarryTheToken() {
        String token = this.example.token("spiffe://example.org/other").sign();
        assertThatThrownBy(() -> this.validator.validate(token, SERVER))
            .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain(token.split("\\.")[2]).doesNotContain(token.split("\\.")[1]));
    }

    @Test
    void validatesAgainstBundlesAsTheyAreNow() throws Exception {
        TestJwtIssuer rotated = TestJwtIssuer.es256("example.org", "new-key");
        JwtBundle[] current = { this.example.bundle() };
        JwtSvidValidator live = JwtSvidValidator.of(td -> java.util.Optional.of(current[0]));
        String token = rotated.token(SERVER).sign();
        assertThatThrownBy(() -> live.validate(token, SERVER)).isInstanceOfSatisfying(InvalidJwtSvidException.class,
                ex -> assertThat(ex.reason()).isEqualTo(Reason.UNKNOWN_KEY_ID));
        current[0] = rotated.bundle();
        assertThat(live.validate(token, SERVER).id().toString()).isEqualTo("spiffe://example.org/client");
    }

    private void assertRefused(String token, Reason reason, String message) {
        assertThatThrownBy(() -> this.validator.validate(token, SERVER)).isInstanceOfSatisfying(InvalidJwtSvidException.class,
                ex -> {
                    assertThat(ex.reason()).isEqualTo(reason);
                    assertThat(ex.getMessage()).contains(message);
                });
    }
}
