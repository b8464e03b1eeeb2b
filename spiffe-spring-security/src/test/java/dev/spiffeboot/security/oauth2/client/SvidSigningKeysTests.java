package dev.spiffeboot.security.oauth2.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.testing.MutableClock;
import dev.spiffeboot.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;

class SvidSigningKeysTests {

    private static final String CLIENT = "spiffe://example.org/client";

    private final TestCa ca = TestCa.root("example.org");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

    private final AtomicReference<X509Svid> svid = new AtomicReference<>(this.ca.intermediate().leaf(CLIENT).svid());

    private final SvidSigningKeys keys = new SvidSigningKeys(this.svid::get, Duration.ofMinutes(6), this.clock);

    @Test
    void signsWithTheSvidKeyAndPublishesItWithTheChainAndItsThumbprint() throws Exception {
        SvidSigningKeys.SigningKey key = this.keys.signingKey();
        assertThat(key.algorithm()).isEqualTo(JWSAlgorithm.ES256);
        JWK published = this.keys.publicKeys().getKeyByKeyId(key.keyId());
        assertThat(published.isPrivate()).isFalse();
        assertThat(published.toPublicJWK().computeThumbprint().toString()).isEqualTo(key.keyId());
        assertThat(published.getParsedX509CertChain()).containsExactlyElementsOf(this.svid.get().chain());
        assertThat(published.toECKey().toECPublicKey()).isEqualTo(this.svid.get().leaf().getPublicKey());
    }

    @Test
    void anRsaSvidSignsWithRs256() {
        this.svid.set(this.ca.leaf(CLIENT).rsa().svid());
        assertThat(this.keys.signingKey().algorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(this.keys.publicKeys().getKeys()).hasSize(1);
    }

    @Test
    void aRotatedKeyStaysPublishedForTheRetentionThenGoes() {
        String first = this.keys.signingKey().keyId();
        this.svid.set(this.ca.leaf(CLIENT).svid());
        String second = this.keys.signingKey().keyId();
        assertThat(second).isNotEqualTo(first);
        assertThat(keyIds(this.keys.publicKeys())).containsExactly(second, first);

        this.clock.advance(Duration.ofMinutes(6).minusSeconds(1));
        assertThat(keyIds(this.keys.publicKeys())).containsExactly(second, first);
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(keyIds(this.keys.publicKeys())).containsExactly(second);
    }

    @Test
    void aRotationNoticedOnlyWhenTheKeysArePublishedStillRetainsTheOldKey() {
        String first = this.keys.publicKeys().getKeys().get(0).getKeyID();
        this.svid.set(this.ca.leaf(CLIENT).svid());
        this.clock.advance(Duration.ofMinutes(1));
        JWKSet published = this.keys.publicKeys();
        assertThat(keyIds(published)).hasSize(2).contains(first);
    }

    @Test
    void aNewSvidWithTheSameKeyRetiresNothing() throws Exception {
        String first = this.keys.signingKey().keyId();
        X509Svid renewed = this.svid.get();
        // same key pair, new object (the Workload API sends the SVID again)
        this.svid.set(X509Svid.of(renewed.chain(), renewed.privateKey()));
        assertThat(this.keys.signingKey().keyId()).isEqualTo(first);
        assertThat(keyIds(this.keys.publicKeys())).containsExactly(first);
    }

    @Test
    void severalRotationsKeepEveryKeyStillWithinItsRetention() {
        String first = this.keys.signingKey().keyId();
        this.clock.advance(Duration.ofMinutes(2));
        this.svid.set(this.ca.leaf(CLIENT).svid());
        String second = this.keys.signingKey().keyId();
        this.clock.advance(Duration.ofMinutes(2));
        this.svid.set(this.ca.leaf(CLIENT).svid());
        String third = this.keys.signingKey().keyId();
        assertThat(keyIds(this.keys.publicKeys())).containsExactly(third, first, second);
        this.clock.advance(Duration.ofMinutes(4));
        assertThat(keyIds(this.keys.publicKeys())).containsExactly(third, second);
        this.clock.advance(Duration.ofMinutes(2));
        assertThat(keyIds(this.keys.publicKeys())).containsExactly(third);
    }

    private static List<String> keyIds(JWKSet set) {
        return set.getKeys().stream().map(JWK::getKeyID).toList();
    }
}
