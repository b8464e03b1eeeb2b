package dev.spiffeboot.security.oauth2.server.token;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.VerifiedToken;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LocalAccessTokensTests {

    private static final URI ISSUER = URI.create("https://service-b.example.com");

    private static final URI RESOURCE = URI.create("https://service-b.example.com/api");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

    private final RotatingSigningKeys keys = new RotatingSigningKeys(Duration.ofMinutes(10), Duration.ofMinutes(6), this.clock);

    private final LocalAccessTokens tokens = new LocalAccessTokens(ISSUER, RESOURCE, this.keys, Duration.ofMinutes(5),
            Duration.ofSeconds(30), this.clock);

    private final RequestPrincipal client = RequestPrincipal.jwtSvid(SpiffeId.parse("spiffe://example.org/a"),
            List.of(ISSUER.toString()), this.clock.instant().plusSeconds(60), Map.of());

    @Test
    void anIssuedTokenSpeaksForTheClientThatAuthenticated() throws Exception {
        String token = this.tokens.issue(this.client);
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(RESOURCE.toString());
        assertThat(jwt.getJWTClaimsSet().getClaim("client_id")).isEqualTo("spiffe://example.org/a");
        VerifiedToken verified = this.tokens.verify(token);
        assertThat(verified.principal().value()).isEqualTo("spiffe://example.org/a");
        assertThat(verified.principal().kind()).isEqualTo(RequestPrincipal.Kind.JWT_SVID);
        assertThat(verified.principal().spiffeId()).isEqualTo(SpiffeId.parse("spiffe://example.org/a"));
        assertThat(verified.acceptedUntil()).isEqualTo(Instant.parse("2026-11-26T12:05:30Z"));
        assertThat(verified.keys().stillCurrent()).isTrue();
    }

    @Test
    void aTokenIsRefusedOnceExpiredBeyondTheSkew() {
        String token = this.tokens.issue(this.client);
        this.clock.advance(Duration.ofMinutes(5).plusSeconds(29));
        assertThat(this.tokens.verify(token).principal().value()).isEqualTo("spiffe://example.org/a");
        this.clock.advance(Duration.ofSeconds(1));
        assertThatExceptionOfType(BearerTokenRejectedException.class).isThrownBy(() -> this.tokens.verify(token))
            .satisfies(ex -> assertThat(ex.reason()).isEqualTo("EXPIRED"));
    }

    @Test
    void aTokenIsRefusedOnceItsKeyRotatedOutEvenBeforeItExpires() {
        // a retention shorter than the lifetime, so that the key, not the expiry, is what refuses the token
        RotatingSigningKeys shortKeys = new RotatingSigningKeys(Duration.ofMinutes(10), Duration.ofMinutes(2), this.clock);
        LocalAccessTokens shortTokens = new LocalAccessTokens(ISSUER, RESOURCE, shortKeys, Duration.ofMinutes(5), Duration.ofSeconds(30), this.clock);
        // the first key is made at its first use: 12:00, to be replaced at 12:10
        shortKeys.signingKey();
        this.clock.advance(Duration.ofMinutes(9));
        String token = shortTokens.issue(this.client);
        VerifiedToken verified = shortTokens.verify(token);
        this.clock.advance(Duration.ofMinutes(1));
        String next = shortTokens.issue(this.client);
        assertThat(shortKeys.verificationKeys().getKeys()).hasSize(2);
        assertThat(shortTokens.verify(token).principal().value()).isEqualTo("spiffe://example.org/a");
        assertThat(verified.keys().stillCurrent()).isTrue();
        this.clock.advance(Duration.ofMinutes(2));
        assertThat(shortKeys.verificationKeys().getKeys()).hasSize(1);
        assertThat(verified.keys().stillCurrent()).isFalse();
        assertThatExceptionOfType(BearerTokenRejectedException.class).isThrownBy(() -> shortTokens.verify(token))
            .satisfies(ex -> assertThat(ex.reason()).isEqualTo("UNKNOWN_KEY_ID"));
        assertThat(shortTokens.verify(next).principal().value()).isEqualTo("spiffe://example.org/a");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefusedWithoutANetworkCall() throws Exception {
        ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID(this.keys.signingKey().getKeyID()).generate();
        String forged = sign(foreign, "at+jwt", new JWTClaimsSet.Builder().issuer(ISSUER.toString()).subject("spiffe://example.org/a")
            .audience(RESOURCE.toString()).expirationTime(java.util.Date.from(this.clock.instant().plusSeconds(60)))
            .claim("spiffe_principal_kind", "JWT_SVID").build());
        assertThatExceptionOfType(BearerTokenRejectedException.class).isThrownBy(() -> this.tokens.verify(forged))
            .satisfies(ex -> assertThat(ex.reason()).isEqualTo("BAD_SIGNATURE"));
    }

    @Test
    void anotherIssuerOrAudienceOrTypeIsRefused() throws Exception {
        ECKey key = this.keys.signingKey();
        JWTClaimsSet.Builder valid = new JWTClaimsSet.Builder().issuer(ISSUER.toString()).subject("spiffe://example.org/a")
            .audience(RESOURCE.toString()).expirationTime(java.util.Date.from(this.clock.instant().plusSeconds(60)))
            .claim("spiffe_principal_kind", "JWT_SVID");
        assertThat(this.tokens.verify(sign(key, "at+jwt", valid.build())).principal().value()).isEqualTo("spiffe://example.org/a");
        assertRefused(sign(key, "at+jwt", new JWTClaimsSet.Builder(valid.build()).issuer("https://other.example.com").build()), "ISSUER_MISMATCH");
        assertRefused(sign(key, "at+jwt", new JWTClaimsSet.Builder(valid.build()).audience("https://other.example.com").build()), "AUDIENCE_MISMATCH");
        assertRefused(sign(key, "JWT", valid.build()), "MALFORMED");
        assertRefused(sign(key, "at+jwt", new JWTClaimsSet.Builder(valid.build()).expirationTime(null).build()), "MISSING_EXPIRY");
        assertRefused(sign(key, "at+jwt", new JWTClaimsSet.Builder(valid.build()).claim("spiffe_principal_kind", "ROOT").build()), "MALFORMED");
    }

    private void assertRefused(String token, String reason) {
        assertThatExceptionOfType(BearerTokenRejectedException.class).isThrownBy(() -> this.tokens.verify(token))
            .satisfies(ex -> assertThat(ex.reason()).isEqualTo(reason));
    }

    private static String sign(ECKey key, String type, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new com.nimbusds.jose.JOSEObjectType(type))
            .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
