package dev.spiffeboot.security.oauth2.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.testing.MutableClock;
import dev.spiffeboot.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientIdJwtsTests {

    private static final URI CLIENT_ID = URI.create("https://service-a.example.com/.well-known/cimd-workload-1.json");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00.750Z"));

    private final SvidSigningKeys keys = new SvidSigningKeys(TestCa.root("example.org").leaf("spiffe://example.org/a").svid(),
            Duration.ofMinutes(6), this.clock);

    private final ClientIdJwts jwts = new ClientIdJwts(CLIENT_ID, this.keys, Duration.ofMinutes(5), this.clock);

    @Test
    void aTokenNamesTheClientAsIssuerAndSubjectForTheAudienceAndVerifiesWithThePublishedKey() throws Exception {
        SignedJWT jwt = SignedJWT.parse(this.jwts.mint("https://service-b.example.com"));
        JWKSet published = this.keys.publicKeys();
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(published.getKeys().get(0).getKeyID());
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(jwt.verify(new ECDSAVerifier(published.getKeys().get(0).toECKey()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(CLIENT_ID.toString());
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(CLIENT_ID.toString());
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("https://service-b.example.com");
        assertThat(jwt.getJWTClaimsSet().getIssueTime()).isEqualTo(Date.from(Instant.parse("2026-11-26T12:00:00Z")));
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(Instant.parse("2026-11-26T12:05:00Z")));
    }

    @Test
    void everyTokenIsNewWithItsOwnId() throws Exception {
        Set<String> ids = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String token = this.jwts.mint("https://service-b.example.com");
            tokens.add(token);
            ids.add(SignedJWT.parse(token).getJWTClaimsSet().getJWTID());
        }
        assertThat(tokens).hasSize(50);
        assertThat(ids).hasSize(50).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_-]{22}"));
    }

    @Test
    void aLifetimeMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientIdJwts(CLIENT_ID, this.keys, Duration.ZERO, this.clock));
    }
}
