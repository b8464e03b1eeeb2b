package dev.spiffeboot.spiffeid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.spiffeboot.spiffeid.InvalidSpiffeIdException.Rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustDomainTests {

    @Test
    void parsesNames() {
        assertThat(TrustDomain.parse("example.org").name()).isEqualTo("example.org");
        assertThat(TrustDomain.parse("example.org").toString()).isEqualTo("example.org");
    }

    @Test
    void parsesTheTrustDomainOfAnId() {
        assertThat(TrustDomain.parse("spiffe://example.org/ns/prod")).isEqualTo(TrustDomain.parse("example.org"));
        assertThat(TrustDomain.parse("spiffe://example.org")).isEqualTo(TrustDomain.parse("example.org"));
    }

    @ParameterizedTest(name = "{1}: \"{0}\"")
    @CsvSource(delimiter = '|', value = { "''|MISSING_TRUST_DOMAIN", "Example.org|TRUST_DOMAIN_CASE",
            "exa mple.org|TRUST_DOMAIN_CHARACTERS", "example.org:443|PORT", "me@example.org|USERINFO",
            "exa%41mple.org|PERCENT_ENCODING", "example.org/path|TRUST_DOMAIN_CHARACTERS",
            "spiffe:/example.org|SCHEME", "spiffe://Example.org/x|TRUST_DOMAIN_CASE" })
    void rejectsInvalidNames(String name, Rule rule) {
        assertThatThrownBy(() -> TrustDomain.parse(name)).isInstanceOfSatisfying(InvalidSpiffeIdException.class,
                ex -> assertThat(ex.rule()).isEqualTo(rule));
    }

    @Test
    void errorSaysWhatWasParsed() {
        assertThatThrownBy(() -> TrustDomain.parse("Example.org"))
            .hasMessage("invalid trust domain \"Example.org\": trust domain must be lower case");
    }

    @Test
    void treatsIpAddressesLikeAnyOtherName() {
        assertThat(TrustDomain.parse("10.0.0.1").id("x").toString()).isEqualTo("spiffe://10.0.0.1/x");
    }
}
