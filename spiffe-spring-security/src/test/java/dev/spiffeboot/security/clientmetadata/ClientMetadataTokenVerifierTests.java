package dev.spiffeboot.security.clientmetadata;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;

import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.VerifiedToken;
import dev.spiffeboot.testing.MutableClock;
import dev.spiffeboot.testing.TestClientMetadataServer;
import dev.spiffeboot.testing.TestClientMetadataServer.Answer;

import static dev.spiffeboot.testing.TestClientMetadataServer.JWKS_PATH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens of client ID metadata issuers against documents and keys served on 127.0.0.1: what is accepted, each refusal
 * and its reason, and what is fetched when (a mutable clock stands for time).
 */
class ClientMetadataTokenVerifierTests {

    static final String AUDIENCE = "https://service-b.example.com/api";

    final MutableClock clock = new MutableClock(Instant.now());

    final TestClientMetadataServer server = TestClientMetadataServer.http();

    final ClientMetadataFetcher fetcher = ClientMetadataFetcher.builder().allowLoopback(true).build();

    ClientMetadataTokenVerifier verifier = builder().build();

    ClientMetadataTokenVerifierTests() throws Exception {
        this.server.clock(this.clock);
    }

    ClientMetadataTokenVerifier.Builder builder() {
        return ClientMetadataTokenVerifier.builder(AllowedIssuers.of(List.of(this.server.url("/clients/*")), true), List.of(AUDIENCE),
                this.fetcher).clock(this.clock);
    }

    @AfterEach
    void close() {
        this.server.close();
        this.fetcher.close();
    }

    private BearerTokenRejectedException rejection(String token) {
        try {
            this.verifier.verify(token);
        }
        catch (BearerTokenRejectedException ex) {
            return ex;
        }
        throw new AssertionError("the token was accepted");
    }

    private String reasonFor(String token) {
        return rejection(token).reason();
    }

    @Test
    void aTokenOfAnAllowedClientIsItsClientIdAndItsDocumentAndKeysAreFetchedOnce() {
        String clientId = this.server.client("/clients/a.json");
        VerifiedToken verified = this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE));
        assertThat(verified.principal().kind()).isEqualTo(RequestPrincipal.Kind.CLIENT_ID);
        assertThat(verified.principal().value()).isEqualTo(clientId);
        assertThat(verified.principal().audience()).containsExactly(AUDIENCE);
        assertThat(verified.keys().stillCurrent()).isTrue();
        this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE));
        assertThat(this.server.requests("/clients/a.json")).isOne();
        assertThat(this.server.requests(JWKS_PATH)).isOne();
    }

    @Test
    void inlineKeysNeedNoSecondFetch() {
        this.server.clientWithInlineKeys("/clients/a.json");
        assertThat(this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE)).principal().value())
            .isEqualTo(this.server.url("/clients/a.json"));
        assertThat(this.server.requests(JWKS_PATH)).isZero();
    }

    @Test
    void anIssuerTheAllowListDoesNotMatchIsRefusedWithoutAFetch() {
        this.server.client("/other/a.json");
        assertThat(this.verifier.accepts(this.server.url("/other/a.json"))).isFalse();
        BearerTokenRejectedException refused = rejection(this.server.token("/other/a.json", AUDIENCE));
        assertThat(refused.reason()).isEqualTo("ISSUER_NOT_ALLOWED");
        assertThat(refused.getError().getDescription()).contains("is not an allowed client ID metadata issuer");
        assertThat(this.server.requests("/other/a.json")).isZero();
    }

    @Test
    void anAllowedPrefixDoesNotLetAnInvalidClientIdUrlThrough() {
        String dotted = this.server.url("/clients/../admin.json");
        String token = this.server.sign(this.server.claims("/x", AUDIENCE).issuer(dotted).subject(dotted).build());
        assertThat(reasonFor(token)).isEqualTo("INVALID_CLIENT_ID");
        assertThat(this.server.requests("/admin.json")).isZero();
    }

    @Test
    void aDocumentWhoseClientIdIsNotItsUrlIsRefused() {
        this.server.answer("/clients/a.json", Answer.json(this.server.document("/clients/a.json",
                members -> members.put("client_id", this.server.url("/clients/b.json")))));
        BearerTokenRejectedException refused = rejection(this.server.token("/clients/a.json", AUDIENCE));
        assertThat(refused.reason()).isEqualTo("CLIENT_ID_MISMATCH");
        assertThat(refused.getError().getDescription()).contains("has client_id '" + this.server.url("/clients/b.json") + "', not its own URL");
    }

    @Test
    void documentsThatBreakTheDraftsRulesAreInvalid() throws Exception {
        Map<String, String> problems = Map.of(
                "/clients/no-keys.json", this.server.document("/clients/no-keys.json", members -> { }),
                "/clients/both.json", this.server.document("/clients/both.json", members -> {
                    members.put("jwks_uri", this.server.url(JWKS_PATH));
                    members.put("jwks", this.server.publicKeys().toJSONObject());
                }),
                "/clients/basic.json", this.server.document("/clients/basic.json", members -> {
                    members.put("token_endpoint_auth_method", "client_secret_basic");
                    members.put("jwks_uri", this.server.url(JWKS_PATH));
                }),
                "/clients/secret.json", this.server.document("/clients/secret.json", members -> {
                    members.put("client_secret", "s3cret");
                    members.put("jwks_uri", this.server.url(JWKS_PATH));
                }),
                "/clients/hmac.json", this.server.document("/clients/hmac.json", members -> members.put("jwks",
                        Map.of("keys", List.of(newHmacKey())))),
                "/clients/elsewhere.json", this.server.document("/clients/elsewhere.json",
                        members -> members.put("jwks_uri", "https://keys.example.com/jwks.json")));
        problems.forEach((path, document) -> this.server.answer(path, Answer.json(document)));
        assertThat(rejection(this.server.token("/clients/no-keys.json", AUDIENCE)).getError().getDescription())
            .endsWith("has no keys (neither jwks nor jwks_uri)");
        assertThat(rejection(this.server.token("/clients/both.json", AUDIENCE)).getError().getDescription()).endsWith("has both jwks and jwks_uri");
        assertThat(rejection(this.server.token("/clients/basic.json", AUDIENCE)).getError().getDescription())
            .endsWith("has token_endpoint_auth_method 'client_secret_basic', not private_key_jwt");
        assertThat(rejection(this.server.token("/clients/secret.json", AUDIENCE)).getError().getDescription())
            .endsWith("has client_secret, which a client ID metadata document must not have");
        assertThat(rejection(this.server.token("/clients/hmac.json", AUDIENCE)).getError().getDescription())
            .contains("holds private or symmetric key material");
        assertThat(rejection(this.server.token("/clients/elsewhere.json", AUDIENCE)).getError().getDescription())
            .endsWith("which is not of the document's origin");
        for (String path : problems.keySet()) {
            assertThat(reasonFor(this.server.token(path, AUDIENCE))).as(path).isEqualTo("METADATA_INVALID");
        }
    }

    private static Map<String, Object> newHmacKey() {
        try {
            return new OctetSequenceKeyGenerator(256).keyID("shared").generate().toJSONObject();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void aJwkSetWithPrivateKeysIsInvalid() throws Exception {
        this.server.client("/clients/a.json");
        com.nimbusds.jose.jwk.ECKey privateKey = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate();
        this.server.answer(JWKS_PATH, Answer.json(new com.nimbusds.jose.jwk.JWKSet(privateKey).toString(false)));
        BearerTokenRejectedException refused = rejection(this.server.token("/clients/a.json", AUDIENCE));
        assertThat(refused.reason()).isEqualTo("METADATA_INVALID");
        assertThat(refused.getError().getDescription()).contains("the JWK Set at '" + this.server.url(JWKS_PATH) + "' holds private");
    }

    @Test
    void badAnswersAreRefusedWithTheirReason() {
        this.server.answer("/clients/html.json", Answer.json(this.server.document("/clients/html.json", false))
            .header("Content-Type", "text/html"));
        this.server.answer("/clients/redirect.json", Answer.json("").status(301).header("Location", this.server.url("/clients/a.json")));
        this.server.answer("/clients/large.json", Answer.json(this.server.document("/clients/large.json",
                members -> members.put("client_name", "x".repeat(20_000)))));
        this.server.answer("/clients/gone.json", Answer.json("{}").status(404));
        for (String path : List.of("/clients/html.json", "/clients/redirect.json", "/clients/large.json", "/clients/gone.json")) {
            assertThat(reasonFor(this.server.token(path, AUDIENCE))).as(path).isEqualTo("METADATA_BAD_RESPONSE");
        }
        assertThat(this.server.requests("/clients/a.json")).isZero();
    }

    @Test
    void aClaimThatFailsIsRefusedBeforeAnythingIsFetched() throws Exception {
        this.server.client("/clients/a.json");
        assertThat(reasonFor(this.server.token("/clients/a.json", "https://service-c.example.com/api"))).isEqualTo("AUDIENCE_MISMATCH");
        Instant past = this.clock.instant().minus(Duration.ofMinutes(10));
        assertThat(reasonFor(this.server.sign(this.server.claims("/clients/a.json", AUDIENCE).issueTime(Date.from(past))
            .expirationTime(Date.from(past.plus(Duration.ofMinutes(5)))).build()))).isEqualTo("EXPIRED");
        assertThat(reasonFor(this.server.sign(this.server.claims("/clients/a.json", AUDIENCE).subject("alice").build())))
            .isEqualTo("SUBJECT_MISMATCH");
        assertThat(reasonFor(this.server.sign(this.server.claims("/clients/a.json", AUDIENCE).issueTime(null).build())))
            .isEqualTo("MISSING_ISSUED_AT");
        assertThat(reasonFor(this.server.sign(this.server.claims("/clients/a.json", AUDIENCE)
            .issueTime(Date.from(this.clock.instant().plus(Duration.ofMinutes(2)))).build()))).isEqualTo("ISSUED_IN_FUTURE");
        assertThat(reasonFor(this.server.sign(this.server.claims("/clients/a.json", AUDIENCE)
            .expirationTime(Date.from(this.clock.instant().plus(Duration.ofHours(1)))).build()))).isEqualTo("LIFETIME_TOO_LONG");
        assertThat(reasonFor(this.server.sign(this.server.claims("/clients/a.json", AUDIENCE).expirationTime(null).build())))
            .isEqualTo("MISSING_EXPIRY");
        assertThat(this.server.requests("/clients/a.json")).isZero();
    }

    @Test
    void onlyAsymmetricSignaturesAreAccepted() throws Exception {
        this.server.client("/clients/a.json");
        JWTClaimsSet claims = this.server.claims("/clients/a.json", AUDIENCE).build();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        hmac.sign(new MACSigner(new byte[32]));
        assertThat(reasonFor(hmac.serialize())).isEqualTo("UNSUPPORTED_ALGORITHM");
        assertThat(reasonFor(new PlainJWT(new PlainHeader(), claims).serialize())).isEqualTo("MALFORMED");
        String[] good = this.server.token("/clients/a.json", AUDIENCE).split("\\.");
        String[] other = this.server.sign(this.server.claims("/clients/a.json", AUDIENCE).jwtID("other").build()).split("\\.");
        assertThat(reasonFor(good[0] + "." + other[1] + "." + good[2])).isEqualTo("BAD_SIGNATURE");
    }

    @Test
    void anUnknownKeyIdRefetchesTheKeysOnceThenNotBeforeTheIntervalPasses() {
        this.server.client("/clients/a.json");
        this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE));
        JWTClaimsSet claims = this.server.claims("/clients/a.json", AUDIENCE).build();
        assertThat(reasonFor(this.server.signWithUnpublishedKey(claims))).isEqualTo("UNKNOWN_KEY_ID");
        assertThat(this.server.requests(JWKS_PATH)).isEqualTo(2);
        for (int i = 0; i < 5; i++) {
            assertThat(reasonFor(this.server.signWithUnpublishedKey(claims))).isEqualTo("UNKNOWN_KEY_ID");
        }
        assertThat(this.server.requests(JWKS_PATH)).isEqualTo(2);
        this.clock.advance(Duration.ofSeconds(31));
        assertThat(reasonFor(this.server.signWithUnpublishedKey(this.server.claims("/clients/a.json", AUDIENCE).build())))
            .isEqualTo("UNKNOWN_KEY_ID");
        assertThat(this.server.requests(JWKS_PATH)).isEqualTo(3);
        assertThat(this.server.requests("/clients/a.json")).isOne();
    }

    @Test
    void aNewlyPublishedKeyIsFoundAtOnceAndTokensOfTheOldKeyStayValid() {
        this.server.client("/clients/a.json");
        String before = this.server.token("/clients/a.json", AUDIENCE);
        this.verifier.verify(before);
        this.server.rotate();
        assertThat(this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE)).principal().value())
            .isEqualTo(this.server.url("/clients/a.json"));
        assertThat(this.verifier.verify(before).principal().kind()).isEqualTo(RequestPrincipal.Kind.CLIENT_ID);
        assertThat(this.server.requests(JWKS_PATH)).isEqualTo(2);
    }

    @Test
    void aNewKeyInlineInTheDocumentMakesTheDocumentBeFetchedAgain() {
        this.server.clientWithInlineKeys("/clients/a.json");
        this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE));
        this.server.rotate();
        this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE));
        assertThat(this.server.requests("/clients/a.json")).isEqualTo(2);
    }

    @Test
    void cacheControlIsHonouredWithinTheBounds() {
        this.verifier = builder().cacheLifetime(Duration.ofMinutes(1), Duration.ofHours(1)).build();
        this.server.answer("/clients/short.json", () -> Answer.json(this.server.document("/clients/short.json", true))
            .header("Cache-Control", "max-age=5"));
        this.server.answer("/clients/long.json", () -> Answer.json(this.server.document("/clients/long.json", true))
            .header("Cache-Control", "max-age=604800"));
        this.server.answer("/clients/none.json", () -> Answer.json(this.server.document("/clients/none.json", true))
            .header("Cache-Control", "no-store"));
        this.server.answer("/clients/ten.json", () -> Answer.json(this.server.document("/clients/ten.json", true))
            .header("Cache-Control", "max-age=600"));
        List<String> paths = List.of("/clients/short.json", "/clients/long.json", "/clients/none.json", "/clients/ten.json");
        paths.forEach(path -> this.verifier.verify(this.server.token(path, AUDIENCE)));
        this.clock.advance(Duration.ofSeconds(59));
        paths.forEach(path -> this.verifier.verify(this.server.token(path, AUDIENCE)));
        assertThat(paths).allSatisfy(path -> assertThat(this.server.requests(path)).isOne());
        this.clock.advance(Duration.ofSeconds(2));
        paths.forEach(path -> this.verifier.verify(this.server.token(path, AUDIENCE)));
        assertThat(this.server.requests("/clients/short.json")).as("max-age below the lower bound").isEqualTo(2);
        assertThat(this.server.requests("/clients/none.json")).as("no-store: the lower bound").isEqualTo(2);
        assertThat(this.server.requests("/clients/ten.json")).isOne();
        this.clock.advance(Duration.ofMinutes(10));
        paths.forEach(path -> this.verifier.verify(this.server.token(path, AUDIENCE)));
        assertThat(this.server.requests("/clients/ten.json")).isEqualTo(2);
        assertThat(this.server.requests("/clients/long.json")).isOne();
        this.clock.advance(Duration.ofMinutes(50));
        this.verifier.verify(this.server.token("/clients/long.json", AUDIENCE));
        assertThat(this.server.requests("/clients/long.json")).as("max-age above the upper bound").isEqualTo(2);
    }

    @Test
    void theCacheHoldsAtMostItsSizeDroppingTheLeastRecentlyUsed() {
        this.verifier = builder().cacheSize(2).build();
        for (String path : List.of("/clients/a.json", "/clients/b.json", "/clients/c.json")) {
            this.server.clientWithInlineKeys(path);
        }
        VerifiedToken a = this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE));
        this.verifier.verify(this.server.token("/clients/b.json", AUDIENCE));
        this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE));
        this.verifier.verify(this.server.token("/clients/c.json", AUDIENCE));
        this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE));
        assertThat(a.keys().stillCurrent()).isTrue();
        assertThat(this.server.requests("/clients/a.json")).isOne();
        this.verifier.verify(this.server.token("/clients/b.json", AUDIENCE));
        assertThat(this.server.requests("/clients/b.json")).as("b was the least recently used when c came").isEqualTo(2);
    }

    @Test
    void aHundredParallelFirstTokensFetchTheDocumentAndTheKeysOnce() throws Exception {
        this.server.client("/clients/a.json");
        CountDownLatch gate = new CountDownLatch(1);
        String document = this.server.document("/clients/a.json", false);
        this.server.answer("/clients/a.json", Answer.json(document).gate(gate));
        int callers = 100;
        CountDownLatch started = new CountDownLatch(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<VerifiedToken>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String token = this.server.token("/clients/a.json", AUDIENCE);
                results.add(pool.submit(() -> {
                    started.countDown();
                    return this.verifier.verify(token);
                }));
            }
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            // let the callers reach the fetch in flight before the document is served
            Thread.sleep(200);
            gate.countDown();
            for (Future<VerifiedToken> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS).principal().value()).isEqualTo(this.server.url("/clients/a.json"));
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(this.server.requests("/clients/a.json")).isOne();
        assertThat(this.server.requests(JWKS_PATH)).isOne();
    }

    @Test
    void anUnreachableIssuerWithNothingCachedIs503AndACachedDocumentIsKeptWhenARefreshFails() {
        this.server.client("/clients/a.json");
        this.server.answer("/clients/down.json", Answer.json("{}").status(503));
        BearerTokenRejectedException unavailable = rejection(this.server.token("/clients/down.json", AUDIENCE));
        assertThat(unavailable.isUnavailable()).isTrue();
        assertThat(unavailable.reason()).isEqualTo("METADATA_UNAVAILABLE");
        assertThat(unavailable.getError().getDescription()).endsWith("the client ID metadata could not be fetched now");
        assertThat(unavailable.logMessage()).contains("answered HTTP 503");
        this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE));
        this.server.answer("/clients/a.json", Answer.json("{}").status(503));
        this.server.answer(JWKS_PATH, Answer.json("{}").status(503));
        this.clock.advance(Duration.ofMinutes(6));
        assertThat(this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE)).principal().value())
            .isEqualTo(this.server.url("/clients/a.json"));
        assertThat(this.server.requests("/clients/a.json")).isEqualTo(2);
        this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE));
        assertThat(this.server.requests("/clients/a.json")).as("not tried again before the refetch interval").isEqualTo(2);
    }

    @Test
    void aDocumentThatTurnsInvalidIsDroppedAndItsTokensRefused() {
        this.server.client("/clients/a.json");
        VerifiedToken before = this.verifier.verify(this.server.token("/clients/a.json", AUDIENCE));
        this.server.answer("/clients/a.json", Answer.json(this.server.document("/clients/a.json",
                members -> members.put("client_id", "https://elsewhere.example.com/c.json"))));
        this.clock.advance(Duration.ofMinutes(6));
        assertThat(reasonFor(this.server.token("/clients/a.json", AUDIENCE))).isEqualTo("CLIENT_ID_MISMATCH");
        assertThat(before.keys().stillCurrent()).isFalse();
    }

    @Test
    void theApplicationsValidatorsRunOnVerifiedTokens() {
        this.verifier = builder().validator(jwt -> jwt.getId() != null && jwt.getId().startsWith("ok")
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("REPLAYED", "token was seen before", null))).build();
        this.server.client("/clients/a.json");
        assertThat(reasonFor(this.server.token("/clients/a.json", AUDIENCE))).isEqualTo("REPLAYED");
        this.verifier.verify(this.server.sign(this.server.claims("/clients/a.json", AUDIENCE).jwtID("ok-1").build()));
    }
}
