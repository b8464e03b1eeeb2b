package dev.spiffeboot.workloadapi;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.spiffeboot.bundle.JwtAuthority;
import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.devagent.junit.Eventually;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;

import static org.assertj.core.api.Assertions.assertThat;

/** JwtSource and BundleSource against a live dev agent. */
class JwtSourceTests {

    private static final String CLIENT = "spiffe://example.org/client";

    private static final String SERVER = "spiffe://example.org/server";

    private static final Backoff FAST = Backoff.of(Duration.ofMillis(50), 2, Duration.ofMillis(400), 0.2);

    @RegisterExtension
    DevAgentExtension agent = DevAgentExtension.builder()
        .identity(CLIENT)
        .federatedTrustDomain("partner.org")
        .jwtSvidTtl(Duration.ofSeconds(4))
        .build();

    private JwtSource source() {
        return JwtSource.builder().address(this.agent.address(CLIENT)).backoff(FAST).build();
    }

    @Test
    void servesTokensFromTheCacheWithinHalfTheirLifetime() throws Exception {
        try (JwtSource source = source()) {
            JwtSvid first = source.fetchJwtSvid(SERVER);
            assertThat(first.id()).isEqualTo(SpiffeId.parse(CLIENT));
            assertThat(source.fetchJwtSvid(SERVER).token()).isEqualTo(first.token());
            assertThat(JwtSvidValidator.of(source).validate(first.token(), SERVER).id()).isEqualTo(SpiffeId.parse(CLIENT));
            JwtSvid other = source.fetchJwtSvid("spiffe://example.org/other");
            assertThat(other.token()).isNotEqualTo(first.token());
            assertThat(source.fetchJwtSvid(SERVER, "spiffe://example.org/other").audience())
                .containsExactlyInAnyOrder(SERVER, "spiffe://example.org/other");
            assertThat(source.fetchJwtSvid(SpiffeId.parse(CLIENT), SERVER).token()).isNotEqualTo(first.token());
        }
    }

    @Test
    void refreshesTokensInUseBeforeHalfTheirLifetime() {
        try (JwtSource source = source()) {
            long start = System.nanoTime();
            JwtSvid first = source.fetchJwtSvid(SERVER);
            Duration lifetime = Duration.ofSeconds(4);
            // callers keep using the token; the background refresh at 40 % of its lifetime replaces it
            Eventually.within(lifetime, "a refreshed token", () -> !source.fetchJwtSvid(SERVER).token().equals(first.token()));
            Duration replacedAfter = Duration.ofNanos(System.nanoTime() - start);
            assertThat(replacedAfter).isLessThan(lifetime.dividedBy(2));
            assertThat(source.fetchJwtSvid(SERVER).expiresAt()).isAfter(first.expiresAt());
        }
    }

    @Test
    void followsJwtKeyRollover() throws Exception {
        try (JwtSource source = source()) {
            String keyId = this.agent.agent().rolloverJwtKey();
            Eventually.within(Duration.ofSeconds(5), "the new key in the bundle",
                    () -> source.findJwtBundle(TrustDomain.parse("example.org")).orElseThrow().findAuthority(keyId).isPresent());
            assertThat(source.findJwtBundle(TrustDomain.parse("example.org")).orElseThrow().authorities()).hasSize(2);
            JwtSvid afterRollover = source.fetchJwtSvid("spiffe://example.org/after-rollover");
            assertThat(JwtSvidValidator.of(source).validate(afterRollover.token(), "spiffe://example.org/after-rollover")).isNotNull();
        }
    }

    @Test
    void bundleSourceServesX509AndJwtBundlesOfEveryTrustDomain() {
        try (BundleSource source = BundleSource.builder().address(this.agent.address(CLIENT)).backoff(FAST).build()) {
            assertThat(source.x509Bundles().trustDomains()).containsExactlyInAnyOrder(TrustDomain.parse("example.org"),
                    TrustDomain.parse("partner.org"));
            assertThat(source.findJwtBundle(TrustDomain.parse("partner.org")).orElseThrow().authorities())
                .extracting(JwtAuthority::keyId)
                .isNotEmpty();
            assertThat(source.state().connected()).isTrue();
            assertThat(source.state().updates()).isEqualTo(2);
        }
    }

    @Test
    void aBundleSourceBuiltOnTheOtherSourcesServesTheirBundlesWithoutStreamsOfItsOwn() {
        try (X509Source x509 = X509Source.builder().address(this.agent.address(CLIENT)).backoff(FAST).build();
                JwtSource jwt = JwtSource.builder().address(this.agent.address(CLIENT)).backoff(FAST).build()) {
            try (BundleSource bundles = BundleSource.builder().x509BundlesFrom(x509).jwtBundlesFrom(jwt).build()) {
                // the very snapshots of the other sources: a handshake and a later check read the same bundle
                assertThat(bundles.x509Bundles()).isSameAs(x509.bundles());
                assertThat(bundles.jwtBundles()).isSameAs(jwt.bundles());
                X509BundleSet before = bundles.x509Bundles();
                this.agent.agent().rotateX509Svids();
                Eventually.within(Duration.ofSeconds(5), "the update", () -> x509.bundles() != before);
                assertThat(bundles.x509Bundles()).isSameAs(x509.bundles());
                assertThat(bundles.state().connected()).isTrue();
                assertThat(bundles.state().updates()).isEqualTo(x509.state().updates() + jwt.state().updates());
            }
            // closing the bundle source leaves the sources it was built on running
            assertThat(x509.state().connected()).isTrue();
            assertThat(jwt.fetchJwtSvid(SERVER).token()).isNotEmpty();
        }
    }

    @Test
    void aBundleSourceFollowsTheX509BundlesStreamWhenThereIsNoX509Source() {
        try (JwtSource jwt = JwtSource.builder().address(this.agent.address(CLIENT)).backoff(FAST).build();
                BundleSource bundles = BundleSource.builder().address(this.agent.address(CLIENT)).jwtBundlesFrom(jwt).build()) {
            assertThat(bundles.jwtBundles()).isSameAs(jwt.bundles());
            assertThat(bundles.x509Bundles().trustDomains()).containsExactlyInAnyOrder(TrustDomain.parse("example.org"),
                    TrustDomain.parse("partner.org"));
        }
    }
}
