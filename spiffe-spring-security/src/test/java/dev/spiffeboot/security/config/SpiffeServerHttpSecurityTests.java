package dev.spiffeboot.security.config;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

import org.springframework.aop.Advisor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.security.annotation.AllowSpiffeIds;
import dev.spiffeboot.security.annotation.CallerId;
import dev.spiffeboot.security.annotation.PeerId;
import dev.spiffeboot.security.annotation.RequireJwtAudience;
import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.IssuerTokenVerifiers;
import dev.spiffeboot.security.authentication.JwtSvidVerifier;
import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.ValidatedTokenCache;
import dev.spiffeboot.security.authorization.SpiffeReactiveAnnotationAuthorizationManager;
import dev.spiffeboot.security.jwt.LocalJwtSvidVerifier;
import dev.spiffeboot.security.policy.AuthorizationPolicy;
import dev.spiffeboot.security.policy.PolicyAction;
import dev.spiffeboot.security.policy.PolicyOperation;
import dev.spiffeboot.security.policy.PolicyRule;
import dev.spiffeboot.security.policy.PolicySource;
import dev.spiffeboot.security.testing.LogCapture;
import dev.spiffeboot.security.testing.TestClientCertificateWebFilter;
import dev.spiffeboot.security.web.server.SpiffeServerAuthenticationEntryPoint;
import dev.spiffeboot.security.web.server.SslInfoPeerIdentityResolver;
import dev.spiffeboot.security.web.server.access.SpiffeServerAccessDeniedHandler;
import dev.spiffeboot.security.web.server.access.SpiffeServerRequestPolicy;
import dev.spiffeboot.security.web.server.method.SpiffeIdentityArgumentResolver;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.testing.JwsRespelling;
import dev.spiffeboot.testing.TestCa;
import dev.spiffeboot.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux side in a plain Spring application, no Spring Boot and no SPIFFE beans, through the whole
 * {@code SecurityWebFilterChain} of a real WebFlux application context: the twin of {@link SpiffeHttpConfigurerTests}
 * and of the auto-configuration's servlet suite. mTLS peers come from real X509-SVID chains set as the exchange's
 * {@code SslInfo} by {@link TestClientCertificateWebFilter} (test scaffolding standing in for a TLS server).
 */
@SpringJUnitConfig(SpiffeServerHttpSecurityTests.Application.class)
class SpiffeServerHttpSecurityTests {

    static final String SERVER = "spiffe://example.org/server";

    static final String CLIENT = "spiffe://example.org/client";

    static final String GATEWAY = "spiffe://example.org/gateway";

    static final String LEGACY = "spiffe://example.org/legacy";

    static final String PAYMENTS = "spiffe://example.org/payments";

    static final TestCa CA = TestCa.root("example.org");

    static final TestCa FOREIGN_CA = TestCa.root("example.org");

    static final TestJwtIssuer SPIFFE = TestJwtIssuer.es256("example.org", "key-1");

    /** A token the verifier cannot check now, as when the Workload API does not answer. */
    static final String UNCHECKABLE = SPIFFE.token(SERVER).claim("note", "workload api down").sign();

    static final ValidatedTokenCache cache = new ValidatedTokenCache(100, Clock.systemUTC());

    static final AtomicInteger verifications = new AtomicInteger();

    /** The threads tokens were validated on. */
    static final Set<String> validationThreads = ConcurrentHashMap.newKeySet();

    @Configuration(proxyBeanMethods = false)
    @EnableWebFlux
    @EnableWebFluxSecurity
    @EnableReactiveMethodSecurity
    static class Application implements WebFluxConfigurer {

        @Bean
        SecurityWebFilterChain chain(ServerHttpSecurity http) {
            X509SvidVerifier chains = X509SvidVerifier.builder(trustDomain -> java.util.Optional.of(CA.bundle())).cacheSize(100).build();
            JwtSvidVerifier local = LocalJwtSvidVerifier.builder(() -> JwtBundleSet.of(SPIFFE.bundle()), () -> List.of(SERVER)).build();
            JwtSvidVerifier jwtSvids = token -> {
                verifications.incrementAndGet();
                validationThreads.add(Thread.currentThread().getName());
                if (token.equals(UNCHECKABLE)) {
                    throw BearerTokenRejectedException.unavailable("JWT-SVID not validated: the Workload API did not answer",
                            "unix:/tmp/agent.sock: connection refused");
                }
                return local.verify(token);
            };
            AuthorizationPolicy policy = AuthorizationPolicy.compile("test",
                    List.of(new PolicyRule("no-legacy", PolicyAction.DENY, List.of(PolicySource.principals(LEGACY)), List.of()),
                            new PolicyRule("no-secrets", PolicyAction.DENY, List.of(), List.of(PolicyOperation.paths("/secret")))),
                    false);
            // CSRF stays on (the default), as in a chain that also serves browsers
            SpiffeServerHttpSecurity.spiffe()
                .peerIdentityResolver(new SslInfoPeerIdentityResolver(new PeerVerifier(chains, (role, failure) -> {
                })))
                .bearerTokenAuthenticator(new BearerTokenAuthenticator(cache, jwtSvids, IssuerTokenVerifiers.none()))
                .customize(http);
            http.authorizeExchange(exchanges -> exchanges.anyExchange().access(new SpiffeServerRequestPolicy(policy)));
            return http.build();
        }

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static Advisor spiffeAnnotations() {
            return SpiffeReactiveAnnotationAuthorizationManager.interceptor();
        }

        @Bean
        TestClientCertificateWebFilter clientCertificates() {
            return new TestClientCertificateWebFilter(Map.of("client", CA.leaf(CLIENT).issue().chain(),
                    "gateway", CA.leaf(GATEWAY).issue().chain(), "legacy", CA.leaf(LEGACY).issue().chain(),
                    "untrusted", FOREIGN_CA.leaf(CLIENT).issue().chain()));
        }

        @Override
        public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
            configurer.addCustomResolver(new SpiffeIdentityArgumentResolver());
        }

        @Bean
        Endpoints endpoints() {
            return new Endpoints();
        }
    }

    @RestController
    static class Endpoints {

        @GetMapping("/whoami")
        Mono<String> whoami(@CallerId SpiffeId caller, @PeerId SpiffeId peer, RequestPrincipal principal) {
            return Mono.just("caller=" + caller + " peer=" + peer + " principal=" + ((principal != null) ? principal.value() : null));
        }

        @GetMapping("/orders")
        @AllowSpiffeIds(CLIENT)
        Mono<String> orders(@CallerId String caller) {
            return Mono.just("orders for " + caller);
        }

        @PostMapping("/orders")
        @AllowSpiffeIds(CLIENT)
        Mono<String> order(@CallerId String caller) {
            return Mono.just("ordered by " + caller);
        }

        @GetMapping("/payments")
        @RequireJwtAudience(PAYMENTS)
        Mono<String> payments() {
            return Mono.just("paid");
        }

        @GetMapping("/secret")
        Mono<String> secret() {
            return Mono.just("secret");
        }
    }

    @RegisterExtension
    final LogCapture log = LogCapture.of(SpiffeServerAuthenticationEntryPoint.class);

    @RegisterExtension
    final LogCapture denials = LogCapture.of(SpiffeServerAccessDeniedHandler.class);

    @Autowired
    ApplicationContext context;

    WebTestClient client;

    @BeforeEach
    void client() {
        this.client = WebTestClient.bindToApplicationContext(this.context).configureClient().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private WebTestClient.RequestHeadersSpec<?> get(String path, String peer, String... authorization) {
        WebTestClient.RequestHeadersSpec<?> request = this.client.get().uri(path);
        if (peer != null) {
            request = request.header(TestClientCertificateWebFilter.HEADER, peer);
        }
        return (authorization.length > 0) ? request.header("Authorization", authorization) : request;
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static EntityExchangeResult<String> exchange(WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange().expectBody(String.class).returnResult();
    }

    @Test
    void theMtlsPeerIsTheCaller() {
        get("/whoami", "client").exchange().expectStatus().isOk().expectBody(String.class)
            .isEqualTo("caller=" + CLIENT + " peer=" + CLIENT + " principal=null");
    }

    @Test
    void aPeerWhoseChainDoesNotVerifyHasNoIdentity() {
        get("/whoami", "untrusted").exchange().expectStatus().isUnauthorized().expectHeader().valueEquals("WWW-Authenticate", "Bearer");
    }

    @Test
    void aRequestWithoutIdentityGets401WithABearerChallengeAndAProblemBody() {
        EntityExchangeResult<String> result = exchange(get("/whoami", null));
        assertThat(result.getStatus().value()).isEqualTo(401);
        assertThat(result.getResponseHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result.getResponseBody()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"authentication required\",\"instance\":\"/whoami\",\"caller\":\"anonymous\"}");
    }

    @Test
    void aJwtSvidAuthenticatesItsSubjectAndIsValidatedOffTheEventLoop() {
        get("/whoami", null, bearer(SPIFFE.token(SERVER).sign())).exchange().expectStatus().isOk().expectBody(String.class)
            .isEqualTo("caller=" + CLIENT + " peer=null principal=" + CLIENT);
        assertThat(validationThreads).isNotEmpty().allMatch(name -> name.startsWith("boundedElastic"));
    }

    @Test
    void thePeerAndTheJwtSvidAreKnownTogether() {
        get("/whoami", "gateway", bearer(SPIFFE.token(SERVER).sign())).exchange().expectStatus().isOk().expectBody(String.class)
            .isEqualTo("caller=" + CLIENT + " peer=" + GATEWAY + " principal=" + CLIENT);
    }

    @Test
    void aTokenThatValidatedOnceIsServedFromTheCache() {
        String token = SPIFFE.token(SERVER).sign();
        get("/whoami", null, bearer(token)).exchange().expectStatus().isOk();
        int verified = verifications.get();
        get("/whoami", null, bearer(token)).exchange().expectStatus().isOk();
        assertThat(verifications.get()).isEqualTo(verified);
    }

    static Stream<Arguments> badTokens() {
        Duration fiveMinutes = Duration.ofMinutes(5);
        return Stream.of(
                bad("alg none", () -> List.of(bearer(unsigned())), "unsupported token algorithm 'none'"),
                bad("HS256 keyed with the public key", () -> List.of(bearer(hs256WithThePublicKey())),
                        "unsupported token algorithm 'HS256'"),
                bad("no kid", () -> List.of(bearer(SPIFFE.token(SERVER).keyId(null).sign())), "no 'kid'"),
                bad("unknown kid", () -> List.of(bearer(SPIFFE.token(SERVER).keyId("made-up").sign())),
                        "no JWT authority 'made-up' found for trust domain 'example.org'"),
                bad("foreign trust domain", () -> List.of(bearer(SPIFFE.token(SERVER).subject("spiffe://elsewhere.test/client").sign())),
                        "no JWT bundle for trust domain 'elsewhere.test'"),
                bad("expired", () -> List.of(bearer(SPIFFE.token(SERVER).expiresAt(Instant.now().minus(Duration.ofHours(2))).sign())),
                        "token expired at "),
                bad("audience mismatch", () -> List.of(bearer(SPIFFE.token("spiffe://example.org/other").sign())),
                        "expected audience in [" + SERVER + "] (audience=[spiffe://example.org/other])"),
                bad("malformed sub", () -> List.of(bearer(SPIFFE.token(SERVER).subject("https://example.org/client").sign())),
                        "token subject is not a SPIFFE ID"),
                bad("tampered payload", () -> List.of(bearer(tampered())), "does not verify"),
                bad("not a JWT", () -> List.of(bearer("abc.def")), "not a JWS in compact serialization"),
                bad("characters RFC 6750 does not allow", () -> List.of("Bearer a*b.c.d"), "characters RFC 6750 does not allow"),
                bad("oversized", () -> List.of(bearer("a".repeat(7000))), "more than the 6144 accepted"),
                bad("two Authorization headers", () -> List.of(bearer(SPIFFE.token(SERVER).sign()), bearer(SPIFFE.token(SERVER).sign())),
                        "more than one Authorization header"),
                bad("padded signature", () -> List.of(bearer(JwsRespelling.SIGNATURE_PADDED.apply(SPIFFE.token(SERVER).sign()))),
                        "is not canonical base64url"),
                bad("standard base64 alphabet", () -> List.of(bearer(JwsRespelling.SIGNATURE_STANDARD_ALPHABET.apply(
                        JwsRespelling.tokenRespellableBy(EnumSet.of(JwsRespelling.SIGNATURE_STANDARD_ALPHABET),
                                () -> SPIFFE.token(SERVER).claim("n", fiveMinutes.toString() + Math.random()).sign())))),
                        "is not canonical base64url"));
    }

    private static Arguments bad(String name, Supplier<List<String>> headers, String reason) {
        return Arguments.of(name, headers, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void aBadTokenGets401NamingTheReasonEvenWithAGoodPeer(String name, Supplier<List<String>> headers, String reason) {
        List<String> authorization = headers.get();
        int verified = verifications.get();
        EntityExchangeResult<String> result = exchange(get("/whoami", "client", authorization.toArray(String[]::new)));
        assertThat(result.getStatus().value()).isEqualTo(401);
        assertThat(result.getResponseHeaders().getFirst("WWW-Authenticate"))
            .startsWith("Bearer error=\"invalid_token\", error_description=\"").contains(reason);
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result.getResponseBody()).startsWith("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,")
            .contains(reason.replace("\"", "\\\"")).contains("\"caller\":\"anonymous\"");
        if (name.contains("canonical") || name.contains("padded") || name.contains("alphabet") || name.contains("Authorization")
                || name.contains("oversized") || name.contains("RFC 6750") || name.contains("not a JWT")) {
            assertThat(verifications.get()).as("refused before any verifier").isEqualTo(verified);
        }
    }

    @Test
    void aRefusedTokenIsLoggedWithItsReasonButNotItself() {
        String token = SPIFFE.token(SERVER).expiresAt(Instant.now().minus(Duration.ofHours(1))).sign();
        get("/whoami", null, bearer(token)).exchange().expectStatus().isUnauthorized();
        assertThat(this.log.messages()).anySatisfy(line -> assertThat(line).startsWith("Invalid token: token expired at "))
            .allSatisfy(line -> assertThat(line).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1)));
    }

    @Test
    void aTokenThatCannotBeCheckedNowGets503() {
        EntityExchangeResult<String> result = exchange(get("/whoami", "client", bearer(UNCHECKABLE)));
        assertThat(result.getStatus().value()).isEqualTo(503);
        assertThat(result.getResponseHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer error=\"temporarily_unavailable\", "
                + "error_description=\"JWT-SVID not validated: the Workload API did not answer\"");
        assertThat(result.getResponseBody()).contains("\"status\":503").doesNotContain("agent.sock");
        assertThat(this.log.messages()).contains("Token not validated: JWT-SVID not validated: the Workload API did not answer: "
                + "unix:/tmp/agent.sock: connection refused");
    }

    @Test
    void aPolicyDenyGets403WithAProblemBodyNamingTheCaller() {
        EntityExchangeResult<String> result = exchange(get("/whoami", "legacy"));
        assertThat(result.getStatus().value()).isEqualTo(403);
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result.getResponseBody()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"" + LEGACY + " may not GET /whoami\",\"instance\":\"/whoami\",\"caller\":\"" + LEGACY + "\"}");
        assertThat(this.denials.messages()).containsExactly("Access denied: \"" + LEGACY + "\" may not GET \"/whoami\" "
                + "(denied by test.rules[0] (no-legacy))");
    }

    @Test
    void thePolicySeesTheDecodedPathAsTheServletOneDoes() {
        get("/secret", "client").exchange().expectStatus().isForbidden();
        this.client.get().uri(URI.create("/%73ecret")).header(TestClientCertificateWebFilter.HEADER, "client").exchange()
            .expectStatus().isForbidden();
        get("/secret;v=1", "client").exchange().expectStatus().value(status -> assertThat(status).isIn(400, 403));
        get("/secret", null).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aMethodAnnotationAllowsTheListedIdOnly() {
        get("/orders", "client").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("orders for " + CLIENT);
        get("/orders", null, bearer(SPIFFE.token(SERVER).sign())).exchange().expectStatus().isOk();
        EntityExchangeResult<String> refused = exchange(get("/orders", "gateway"));
        assertThat(refused.getStatus().value()).isEqualTo(403);
        assertThat(refused.getResponseBody()).contains("\"status\":403").contains("\"caller\":\"" + GATEWAY + "\"");
    }

    @Test
    void anAnnotatedEndpointAsksAnonymousCallersToAuthenticate() {
        // the policy has no ALLOW rule and lets authenticated callers through; the annotation is what refuses here
        get("/orders", null).exchange().expectStatus().isUnauthorized().expectHeader().valueEquals("WWW-Authenticate", "Bearer");
    }

    @Test
    void aRequiredAudienceNeedsAJwtSvidForIt() {
        get("/payments", "client").exchange().expectStatus().isForbidden();
        get("/payments", null, bearer(SPIFFE.token(SERVER).sign())).exchange().expectStatus().isForbidden();
    }

    @Test
    void bearerTokenRequestsAreExemptFromCsrfProtection() {
        this.client.post().uri("/orders").header("Authorization", bearer(SPIFFE.token(SERVER).sign())).exchange()
            .expectStatus().isOk().expectBody(String.class).isEqualTo("ordered by " + CLIENT);
    }

    @Test
    void requestsWithOtherAuthorizationSchemesKeepTheirCsrfProtection() {
        this.client.post().uri("/orders").header(TestClientCertificateWebFilter.HEADER, "client")
            .header("Authorization", "Basic dXNlcjpwYXNz").exchange().expectStatus().isForbidden();
        this.client.post().uri("/orders").header(TestClientCertificateWebFilter.HEADER, "client").exchange().expectStatus().isForbidden();
    }

    private static String unsigned() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        String claims = base64.encodeToString(claims(CLIENT).toString().getBytes());
        return header + "." + claims + ".";
    }

    private static JWTClaimsSet claims(String subject) {
        return new JWTClaimsSet.Builder().subject(subject).audience(SERVER)
            .expirationTime(java.util.Date.from(Instant.now().plusSeconds(300))).build();
    }

    private static String hs256WithThePublicKey() {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(), claims(CLIENT));
            jwt.sign(new MACSigner(SPIFFE.keys().getPublic().getEncoded()));
            return jwt.serialize();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String tampered() {
        String[] parts = SPIFFE.token(SERVER).sign().split("\\.");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims(GATEWAY).toString().getBytes())
                + "." + parts[2];
    }
}
