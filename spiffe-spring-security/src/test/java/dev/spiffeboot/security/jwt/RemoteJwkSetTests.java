package dev.spiffeboot.security.jwt;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.testing.MutableClock;
import dev.spiffeboot.testing.TestIdentityProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** An issuer's JWK Set fetched over HTTP from an identity provider on 127.0.0.1, with a clock moved by hand. */
class RemoteJwkSetTests {

    final TestIdentityProvider idp;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));

    final RemoteJwkSet keys;

    RemoteJwkSetTests() throws Exception {
        this.idp = TestIdentityProvider.start("https://idp.test");
        this.keys = new RemoteJwkSet(URI.create(this.idp.jwkSetUri()), HttpClient.newHttpClient(), this.clock,
                Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        this.idp.close();
    }

    private List<JWK> find(String keyId) throws RemoteKeySourceException {
        return this.keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(keyId).build()), null);
    }

    private String newestKeyId() throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(this.idp.token("a", List.of("b"), Duration.ofMinutes(1))).getHeader().getKeyID();
    }

    @Test
    void fetchesOnFirstUseAndServesFromMemoryAfterwards() throws Exception {
        assertThat(this.keys.current()).isNull();
        String keyId = newestKeyId();
        assertThat(find(keyId)).hasSize(1);
        assertThat(find(keyId)).hasSize(1);
        assertThat(this.idp.fetches()).isEqualTo(1);
    }

    @Test
    void anUnknownKeyIdFetchesAgainButAtMostOncePerInterval() throws Exception {
        find(newestKeyId());
        this.idp.rotate();
        String rotated = newestKeyId();
        this.clock.advance(Duration.ofSeconds(31));
        assertThat(find(rotated)).hasSize(1);
        assertThat(this.idp.fetches()).isEqualTo(2);
        assertThat(find("made-up")).isEmpty();
        assertThat(find("made-up-too")).isEmpty();
        assertThat(this.idp.fetches()).isEqualTo(2);
        this.clock.advance(Duration.ofSeconds(31));
        assertThat(find("made-up")).isEmpty();
        assertThat(this.idp.fetches()).isEqualTo(3);
    }

    @Test
    void refreshesKeysOlderThanTheRefreshInterval() throws Exception {
        find(newestKeyId());
        this.clock.advance(Duration.ofMinutes(6));
        find(newestKeyId());
        assertThat(this.idp.fetches()).isEqualTo(2);
    }

    @Test
    void keepsTheKeysItHasWhenTheIssuerStopsAnswering() throws Exception {
        String keyId = newestKeyId();
        find(keyId);
        this.idp.serving(false);
        this.clock.advance(Duration.ofMinutes(6));
        assertThat(find(keyId)).hasSize(1);
    }

    @Test
    void failsWithARemoteKeySourceErrorWhenTheFirstFetchFails() {
        this.idp.serving(false);
        assertThatExceptionOfType(RemoteKeySourceException.class).isThrownBy(() -> find("any"))
            .withMessageContaining("could not fetch the JWK Set from " + this.idp.jwkSetUri() + ": HTTP status 503");
    }
}
