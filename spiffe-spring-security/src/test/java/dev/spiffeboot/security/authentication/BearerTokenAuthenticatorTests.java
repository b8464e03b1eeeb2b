package dev.spiffeboot.security.authentication;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import dev.spiffeboot.bundle.JwtAuthority;
import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.security.jwt.LocalJwtSvidVerifier;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The validated-token cache in front of real JWT-SVID validation: what a cached token is served for, and what
 * makes it validate again.
 */
class BearerTokenAuthenticatorTests {

    static final TrustDomain EXAMPLE = TrustDomain.parse("example.org");

    static final String SERVER = "spiffe://example.org/server";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));

    final AtomicReference<JwtBundleSet> bundles = new AtomicReference<>();

    final AtomicInteger validations = new AtomicInteger();

    private BearerTokenAuthenticator authenticator(int cacheSize) {
        return authenticator(new ValidatedTokenCache(cacheSize, this.clock), Duration.ZERO);
    }

    private BearerTokenAuthenticator authenticator(ValidatedTokenCache cache, Duration clockSkew) {
        LocalJwtSvidVerifier local = LocalJwtSvidVerifier.builder(this.bundles::get, () -> List.of(SERVER))
            .clockSkew(clockSkew)
            .clock(this.clock)
            .build();
        JwtSvidVerifier counted = token -> {
            this.validations.incrementAndGet();
            return local.verify(token);
        };
        return new BearerTokenAuthenticator(cache, counted, IssuerTokenVerifiers.none());
    }

    private static ECKey newKey(String keyId) throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
    }

    private static JwtBundleSet bundleOf(ECKey... keys) throws Exception {
        List<JwtAuthority> authorities = new ArrayList<>();
        for (ECKey key : keys) {
            authorities.add(JwtAuthority.of(key.getKeyID(), key.toECPublicKey()));
        }
        return JwtBundleSet.of(JwtBundle.of(EXAMPLE, authorities));
    }

    private String token(ECKey key, String subject, Duration lifetime) throws Exception {
        Instant now = this.clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().subject(subject).audience(SERVER).expirationTime(Date.from(now.plus(lifetime))).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    @Test
    void aTokenThatValidatedOnceIsServedFromTheCache() throws Exception {
        ECKey key = newKey("k1");
        this.bundles.set(bundleOf(key));
        BearerTokenAuthenticator authenticator = authenticator(100);
        String token = token(key, "spiffe://example.org/client", Duration.ofMinutes(5));
        RequestPrincipal first = authenticator.authenticate(token);
        RequestPrincipal second = authenticator.authenticate(token);
        assertThat(second).isSameAs(first);
        assertThat(first.value()).isEqualTo("spiffe://example.org/client");
        assertThat(this.validations).hasValue(1);
    }

    @Test
    void aCachedTokenIsRefusedOnceItsSigningKeyLeavesTheBundle() throws Exception {
        ECKey old = newKey("old");
        ECKey current = newKey("new");
        this.bundles.set(bundleOf(old));
        BearerTokenAuthenticator authenticator = authenticator(100);
        String token = token(old, "spiffe://example.org/client", Duration.ofMinutes(5));
        authenticator.authenticate(token);
        this.bundles.set(bundleOf(current));
        assertThatExceptionOfType(BearerTokenRejectedException.class).isThrownBy(() -> authenticator.authenticate(token))
            .satisfies(rejected -> assertThat(rejected.reason()).isEqualTo("UNKNOWN_KEY_ID"));
        assertThat(this.validations).hasValue(2);
    }

    @Test
    void aBundleUpdateWithTheSameKeysKeepsTheCacheButOneWithMoreKeysRevalidates() throws Exception {
        ECKey key = newKey("k1");
        this.bundles.set(bundleOf(key));
        BearerTokenAuthenticator authenticator = authenticator(100);
        String token = token(key, "spiffe://example.org/client", Duration.ofMinutes(5));
        authenticator.authenticate(token);
        this.bundles.set(bundleOf(key));
        authenticator.authenticate(token);
        assertThat(this.validations).hasValue(1);
        this.bundles.set(bundleOf(key, newKey("k2")));
        authenticator.authenticate(token);
        assertThat(this.validations).hasValue(2);
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() throws Exception {
        ECKey key = newKey("k1");
        this.bundles.set(bundleOf(key));
        BearerTokenAuthenticator authenticator = authenticator(100);
        String token = token(key, "spiffe://example.org/client", Duration.ofMinutes(5));
        authenticator.authenticate(token);
        this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThatExceptionOfType(BearerTokenRejectedException.class).isThrownBy(() -> authenticator.authenticate(token))
            .withMessageStartingWith("token expired at ");
    }

    @Test
    void withinTheClockSkewAfterExpiryACachedTokenIsStillServedFromTheCache() throws Exception {
        ECKey key = newKey("k1");
        this.bundles.set(bundleOf(key));
        BearerTokenAuthenticator authenticator = authenticator(new ValidatedTokenCache(100, this.clock), Duration.ofSeconds(60));
        String token = token(key, "spiffe://example.org/client", Duration.ofMinutes(5));
        authenticator.authenticate(token);
        this.clock.advance(Duration.ofMinutes(5).plusSeconds(10));
        for (int i = 0; i < 5; i++) {
            authenticator.authenticate(token);
        }
        assertThat(this.validations).hasValue(1);
        this.clock.advance(Duration.ofSeconds(51));
        assertThatExceptionOfType(BearerTokenRejectedException.class).isThrownBy(() -> authenticator.authenticate(token))
            .withMessageStartingWith("token expired at ");
    }

    @Test
    void theCacheStaysWithinItsSizeUnderConcurrentCallers() throws Exception {
        ECKey key = newKey("k1");
        this.bundles.set(bundleOf(key));
        ValidatedTokenCache shared = new ValidatedTokenCache(16, this.clock);
        BearerTokenAuthenticator authenticator = authenticator(shared, Duration.ZERO);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            tokens.add(token(key, "spiffe://example.org/client-" + i, Duration.ofMinutes(5)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < tokens.size(); i++) {
                    String token = tokens.get(i);
                    String expected = "spiffe://example.org/client-" + i;
                    results.add(pool.submit(() -> authenticator.authenticate(token).value().equals(expected)));
                }
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(shared.size()).isLessThanOrEqualTo(16);
        ValidatedTokenCache cache = new ValidatedTokenCache(16, this.clock);
        tokens.forEach(token -> cache.put(token, new VerifiedToken(
                RequestPrincipal.jwtSvid(SpiffeId.parse("spiffe://example.org/x"), List.of(SERVER), this.clock.instant().plusSeconds(60),
                        Map.of()), this.clock.instant().plusSeconds(60), TokenKeys.unchanging())));
        assertThat(cache.size()).isLessThanOrEqualTo(16);
    }

    @Test
    void anExtraValidatorRefusesTokensTheBuiltInRulesAccept() throws Exception {
        ECKey key = newKey("k1");
        this.bundles.set(bundleOf(key));
        OAuth2TokenValidator<Jwt> onlyClients = jwt -> jwt.getSubject().endsWith("/client") ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("NOT_A_CLIENT", "only clients may call", null));
        LocalJwtSvidVerifier verifier = LocalJwtSvidVerifier.builder(this.bundles::get, () -> List.of(SERVER))
            .clock(this.clock)
            .validator(onlyClients)
            .build();
        assertThat(verifier.verify(token(key, "spiffe://example.org/client", Duration.ofMinutes(5))).principal().value())
            .isEqualTo("spiffe://example.org/client");
        assertThatExceptionOfType(BearerTokenRejectedException.class)
            .isThrownBy(() -> verifier.verify(token(key, "spiffe://example.org/batch", Duration.ofMinutes(5))))
            .satisfies(rejected -> assertThat(rejected.reason()).isEqualTo("NOT_A_CLIENT"))
            .withMessage("only clients may call");
    }

    @Test
    void aServiceThatAcceptsNoAudienceRefusesEveryTokenWithA401Reason() throws Exception {
        ECKey key = newKey("k1");
        this.bundles.set(bundleOf(key));
        LocalJwtSvidVerifier verifier = LocalJwtSvidVerifier.builder(this.bundles::get, List::of).clock(this.clock).build();
        assertThatExceptionOfType(BearerTokenRejectedException.class)
            .isThrownBy(() -> verifier.verify(token(key, "spiffe://example.org/client", Duration.ofMinutes(5))))
            .satisfies(rejected -> assertThat(rejected.reason()).isEqualTo("NO_AUDIENCE"));
    }

    @Test
    void keysComparedByIdentityFirstThenByEquality() {
        AtomicReference<List<String>> current = new AtomicReference<>(new ArrayList<>(List.of("k1")));
        TokenKeys keys = TokenKeys.of(current.get(), current::get);
        assertThat(keys.stillCurrent()).isTrue();
        current.set(new ArrayList<>(List.of("k1")));
        assertThat(keys.stillCurrent()).isTrue();
        current.set(List.of("k1", "k2"));
        assertThat(keys.stillCurrent()).isFalse();
    }
}
