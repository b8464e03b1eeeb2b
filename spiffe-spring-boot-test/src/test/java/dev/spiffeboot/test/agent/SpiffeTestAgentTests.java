package dev.spiffeboot.test.agent;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import dev.spiffeboot.devagent.junit.Eventually;
import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.JwtSvidVerifier;
import dev.spiffeboot.security.authentication.PeerVerifier;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.test.app.GreetingApplication;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The application of a {@code @SpringBootTest} gets its identity from the test agent, which the test controls. */
@SpringBootTest(classes = GreetingApplication.class)
@AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/billing", identities = "spiffe://example.org/batch")
class SpiffeTestAgentTests {

    private static final Duration PUSH = Duration.ofSeconds(10);

    @Autowired
    SpiffeTestAgent agent;

    @Autowired
    X509Source x509Source;

    @Autowired
    JwtSource jwtSource;

    @Autowired
    PeerVerifier peerVerifier;

    @Autowired
    JwtSvidVerifier jwtSvidVerifier;

    @Value("${spiffe.workload-api.address}")
    String address;

    @Test
    void applicationHasTheIdentityTheTestNamed() {
        assertThat(this.address).isEqualTo(this.agent.address().toString());
        assertThat(this.x509Source.x509Svid().id()).isEqualTo(SpiffeId.parse("spiffe://example.org/billing"));
        assertThat(this.agent.spiffeId()).isEqualTo(this.x509Source.x509Svid().id());
    }

    @Test
    void otherIdentitiesHaveTheirOwnSockets() {
        try (X509Source batch = X509Source.builder().address(this.agent.address("spiffe://example.org/batch")).build()) {
            assertThat(batch.x509Svid().id().toString()).isEqualTo("spiffe://example.org/batch");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> this.agent.address("spiffe://example.org/nobody"))
            .withMessageContaining("identities");
    }

    @Test
    void rotationReachesTheApplication() {
        X509Svid before = this.x509Source.x509Svid();
        this.agent.rotateX509Svids();
        Eventually.within(PUSH, "the rotated SVID", () -> !this.x509Source.x509Svid().equals(before));
        assertThat(this.x509Source.x509Svid()).isEqualTo(this.agent.currentX509Svid());
    }

    @Test
    void expiryReachesTheApplication() {
        this.agent.expireX509Svids();
        try {
            Eventually.within(PUSH, "the expired SVID", () -> this.x509Source.x509Svid().expiresAt().isBefore(Instant.now()));
        }
        finally {
            this.agent.rotateX509Svids();
        }
        Eventually.within(PUSH, "a valid SVID again", () -> this.x509Source.x509Svid().expiresAt().isAfter(Instant.now()));
    }

    @Test
    void outageIsSeenByTheApplicationAndEnds() {
        this.agent.outage(true);
        try {
            Eventually.within(PUSH, "the source disconnected", () -> !this.x509Source.state().connected());
        }
        finally {
            this.agent.outage(false);
        }
        Eventually.within(Duration.ofSeconds(40), "the source reconnected", () -> this.x509Source.state().connected());
    }

    @Test
    void mintedX509SvidIsAcceptedByTheApplicationsPeerVerification() {
        X509Svid frontend = this.agent.mintX509Svid("spiffe://example.org/frontend");
        assertThat(this.peerVerifier.verify(frontend.chain())).isEqualTo(SpiffeId.parse("spiffe://example.org/frontend"));
    }

    @Test
    void mintedJwtSvidIsAcceptedForTheApplicationsAudienceOnly() {
        String token = this.agent.mintJwtSvid("spiffe://example.org/frontend", "spiffe://example.org/billing");
        assertThat(this.jwtSvidVerifier.verify(token).principal().spiffeId().toString()).isEqualTo("spiffe://example.org/frontend");
        String elsewhere = this.agent.mintJwtSvid("spiffe://example.org/frontend", "spiffe://example.org/other");
        assertThatThrownBy(() -> this.jwtSvidVerifier.verify(elsewhere)).isInstanceOf(BearerTokenRejectedException.class);
    }

    @Test
    void jwtKeyRolloverReachesTheApplication() {
        String keyId = this.agent.rolloverJwtKey();
        Eventually.within(PUSH, "the new JWT key", () -> this.jwtSource.bundles().bundles().stream()
            .anyMatch(bundle -> bundle.findAuthority(keyId).isPresent()));
        String token = this.agent.mintJwtSvid("spiffe://example.org/frontend", "spiffe://example.org/billing");
        assertThat(this.jwtSvidVerifier.verify(token).principal().spiffeId().toString()).isEqualTo("spiffe://example.org/frontend");
    }

    @Test
    void mintingOutsideTheTrustDomainsIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.agent.mintX509Svid("spiffe://elsewhere.test/x"));
        assertThat(this.agent.trustDomain().name()).isEqualTo("example.org");
    }
}
