package dev.spiffeboot.spiffeid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.spiffeboot.spiffeid.InvalidSpiffeIdException.Rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpiffeIdPatternTests {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
            "spiffe://example.org/ns/*/sa/web, spiffe://example.org/ns/prod/sa/web, true",
            "spiffe://example.org/ns/*/sa/web, spiffe://example.org/ns/dev/sa/web, true",
            "spiffe://example.org/ns/*/sa/web, spiffe://example.org/ns/prod/sa/api, false",
            "spiffe://example.org/ns/*/sa/web, spiffe://example.org/ns/a/b/sa/web, false",
            "spiffe://example.org/ns/*/sa/web, spiffe://example.org/ns/sa/web, false",
            "spiffe://example.org/ns/*/sa/web, spiffe://other.org/ns/prod/sa/web, false",
            "spiffe://example.org/ns/*/sa/web, spiffe://example.org/ns/prod/sa/web/x, false",
            "spiffe://example.org/sa/web-*, spiffe://example.org/sa/web-1, true",
            "spiffe://example.org/sa/web-*, spiffe://example.org/sa/web-, true",
            "spiffe://example.org/sa/web-*, spiffe://example.org/sa/api-1, false",
            "spiffe://example.org/sa/*-worker, spiffe://example.org/sa/billing-worker, true",
            "spiffe://example.org/sa/a*b*c, spiffe://example.org/sa/aXXbYYc, true",
            "spiffe://example.org/sa/a*b*c, spiffe://example.org/sa/aXXbYY, false",
            "spiffe://example.org/ns/prod/**, spiffe://example.org/ns/prod/sa/web, true",
            "spiffe://example.org/ns/prod/**, spiffe://example.org/ns/prod/x, true",
            "spiffe://example.org/ns/prod/**, spiffe://example.org/ns/prod, false",
            "spiffe://example.org/ns/prod/**, spiffe://example.org/ns/production/x, false",
            "spiffe://example.org/**, spiffe://example.org/anything/at/all, true",
            "spiffe://example.org/**, spiffe://example.org, false",
            "spiffe://example.org/exact, spiffe://example.org/exact, true",
            "spiffe://example.org/exact, spiffe://example.org/exactly, false",
            "spiffe://example.org, spiffe://example.org, true",
            "spiffe://example.org, spiffe://example.org/x, false" })
    void matchesIds(String pattern, String id, boolean matches) {
        assertThat(SpiffeIdPattern.compile(pattern).matches(SpiffeId.parse(id))).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource({ "spiffe://*.example.org/x, PATTERN_WILDCARD", "spiffe://example.org/**/x, PATTERN_WILDCARD",
            "spiffe://example.org/a**, PATTERN_WILDCARD", "spiffe://example.org/***, PATTERN_WILDCARD",
            "spiffe://example.org/ns//x, EMPTY_SEGMENT", "spiffe://example.org/ns/*/, TRAILING_SLASH",
            "spiffe://example.org/../*, DOT_SEGMENT", "spiffe://Example.org/*, TRUST_DOMAIN_CASE",
            "example.org/*, SCHEME", "spiffe://example.org/a?b=*, QUERY", "spiffe://example.org:80/*, PORT" })
    void rejectsInvalidPatternsWhenCompiled(String pattern, Rule rule) {
        assertThatThrownBy(() -> SpiffeIdPattern.compile(pattern)).isInstanceOfSatisfying(InvalidSpiffeIdException.class,
                ex -> {
                    assertThat(ex.rule()).isEqualTo(rule);
                    assertThat(ex.getMessage()).startsWith("invalid SPIFFE ID pattern \"" + pattern + "\"");
                });
    }

    @Test
    void describesItselfByThePattern() {
        SpiffeIdPattern pattern = SpiffeIdPattern.compile("spiffe://example.org/ns/*/sa/web");
        assertThat(pattern).hasToString("spiffe://example.org/ns/*/sa/web");
        assertThat(pattern.trustDomain()).isEqualTo(TrustDomain.parse("example.org"));
        assertThat(SpiffeIdMatcher.pattern("spiffe://example.org/ns/*/sa/web")).isEqualTo(pattern);
    }
}
