package dev.spiffeboot.devagent;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.jwt.JwtSvidValidator;
import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.svid.x509.X509SvidVerifier;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SVIDs minted for IDs the agent does not serve are accepted by workloads that trust the agent's bundles, as they
 * receive them from the Workload API.
 */
class MintingTests {

    private static final String SERVED = "spiffe://example.org/app";

    @RegisterExtension
    DevAgentExtension agent = DevAgentExtension.builder().identity(SERVED).federatedTrustDomain("partner.org").build();

    @Test
    void mintedX509SvidVerifiesAgainstTheBundlesTheAgentServes() throws InvalidX509SvidException {
        SpiffeId frontend = SpiffeId.parse("spiffe://example.org/frontend");
        X509Svid minted = this.agent.agent().mintX509Svid(frontend);
        try (X509Source source = X509Source.builder().address(this.agent.address(SERVED)).build()) {
            X509SvidVerifier verifier = X509SvidVerifier.of(source.bundles());
            assertThat(minted.id()).isEqualTo(frontend);
            assertThat(verifier.verify(minted.chain()).id()).isEqualTo(frontend);
            X509Svid partner = this.agent.agent().mintX509Svid(SpiffeId.parse("spiffe://partner.org/billing"));
            assertThat(verifier.verify(partner.chain()).id()).isEqualTo(partner.id());
        }
    }

    @Test
    void mintedX509SvidOfAnotherAgentIsRefused() throws Exception {
        try (DevAgent other = DevAgent.start(DevAgentConfig.builder(this.agent.agent().config().trustDomain(),
                this.agent.directory().resolve("other-ca"))
            .endpoint(Endpoint.unix(this.agent.directory().resolve("other.sock"), Identity.of(SERVED)))
            .build());
                X509Source source = X509Source.builder().address(this.agent.address(SERVED)).build()) {
            X509Svid foreign = other.mintX509Svid(SpiffeId.parse("spiffe://example.org/frontend"));
            assertThatThrownBy(() -> X509SvidVerifier.of(source.bundles()).verify(foreign.chain()))
                .isInstanceOf(InvalidX509SvidException.class);
        }
    }

    @Test
    void mintingRefusesIdsOutsideTheAgentsTrustDomains() {
        SpiffeId stranger = SpiffeId.parse("spiffe://elsewhere.test/app");
        assertThatIllegalArgumentException().isThrownBy(() -> this.agent.agent().mintX509Svid(stranger))
            .withMessageContaining("elsewhere.test");
        assertThatIllegalArgumentException().isThrownBy(() -> this.agent.agent().mintJwtSvid(stranger, List.of("x")))
            .withMessageContaining("elsewhere.test");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.agent.agent().mintJwtSvid(SpiffeId.parse("spiffe://example.org/a"), List.of()));
    }

    @Test
    void mintedJwtSvidValidatesForItsAudiencesOnly() throws InvalidJwtSvidException {
        SpiffeId caller = SpiffeId.parse("spiffe://example.org/batch");
        String token = this.agent.agent().mintJwtSvid(caller, List.of("spiffe://example.org/app", "billing"));
        try (JwtSource source = JwtSource.builder().address(this.agent.address(SERVED)).build()) {
            JwtSvidValidator validator = JwtSvidValidator.of(source.bundles());
            JwtSvid svid = validator.validate(token, "billing");
            assertThat(svid.id()).isEqualTo(caller);
            assertThat(svid.audience()).containsExactly("spiffe://example.org/app", "billing");
            assertThatThrownBy(() -> validator.validate(token, "other")).isInstanceOf(InvalidJwtSvidException.class);
        }
    }

    @Test
    void mintedJwtSvidIsSignedWithTheNewestKeyAfterARollover() throws Exception {
        String keyId = this.agent.agent().rolloverJwtKey();
        String token = this.agent.agent().mintJwtSvid(SpiffeId.parse("spiffe://example.org/batch"), List.of("a"));
        String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        assertThat(header).contains("\"kid\":\"" + keyId + "\"");
        try (JwtSource source = JwtSource.builder().address(this.agent.address(SERVED)).build()) {
            assertThat(JwtSvidValidator.of(source.bundles()).validate(token, "a").id().toString())
                .isEqualTo("spiffe://example.org/batch");
        }
    }
}
