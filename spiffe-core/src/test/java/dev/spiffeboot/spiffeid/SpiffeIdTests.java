package dev.spiffeboot.spiffeid;

import java.net.URI;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.spiffeboot.spiffeid.InvalidSpiffeIdException.Rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SpiffeIdTests {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "spiffe://example.org", "spiffe://example.org/workload", "spiffe://example.org/ns/prod/sa/web",
            "spiffe://example.org/a.b-c_d", "spiffe://example.org/UPPER/Case", "spiffe://example.org/0/1/2",
            "spiffe://trust_domain-1.example.org/x", "spiffe://192.168.0.1/x", "spiffe://a/b", "spiffe://example.org/...",
            "spiffe://example.org/.hidden", "spiffe://example.org/a..b", "spiffe://-._/x",
            "spiffe://example.org/9eebccd2-12bf-40a6-b262-65fe0487d453" })
    void acceptsValidIds(String value) {
        SpiffeId id = SpiffeId.parse(value);
        assertThat(id.toString()).isEqualTo(value);
        assertThat(SpiffeId.parse(id.toString())).isEqualTo(id);
    }

    static Stream<Arguments> invalidIds() {
        return Stream.of(
                arguments("", Rule.EMPTY),
                arguments("example.org/workload", Rule.SCHEME),
                arguments("http://example.org/workload", Rule.SCHEME),
                arguments("SPIFFE://example.org/workload", Rule.SCHEME),
                arguments("Spiffe://example.org/workload", Rule.SCHEME),
                arguments("spiffe:/example.org/workload", Rule.SCHEME),
                arguments("spiffe:example.org/workload", Rule.SCHEME),
                arguments(" spiffe://example.org/workload", Rule.SCHEME),
                arguments("spiffe://", Rule.MISSING_TRUST_DOMAIN),
                arguments("spiffe:///workload", Rule.MISSING_TRUST_DOMAIN),
                arguments("spiffe://Example.org/workload", Rule.TRUST_DOMAIN_CASE),
                arguments("spiffe://EXAMPLE.ORG", Rule.TRUST_DOMAIN_CASE),
                arguments("spiffe://exa mple.org/workload", Rule.TRUST_DOMAIN_CHARACTERS),
                arguments("spiffe://example.org\u00e9/workload", Rule.TRUST_DOMAIN_CHARACTERS),
                arguments("spiffe://[::1]/workload", Rule.TRUST_DOMAIN_CHARACTERS),
                arguments("spiffe://exam+ple.org/workload", Rule.TRUST_DOMAIN_CHARACTERS),
                arguments("spiffe://exam$ple.org", Rule.TRUST_DOMAIN_CHARACTERS),
                arguments("spiffe://user@example.org/workload", Rule.USERINFO),
                arguments("spiffe://user:password@example.org/workload", Rule.USERINFO),
                arguments("spiffe://example.org:8443/workload", Rule.PORT),
                arguments("spiffe://example.org:/workload", Rule.PORT),
                arguments("spiffe://exa%6Dple.org/workload", Rule.PERCENT_ENCODING),
                arguments("spiffe://example.org/work%20load", Rule.PERCENT_ENCODING),
                arguments("spiffe://example.org/%2e%2e/admin", Rule.PERCENT_ENCODING),
                arguments("spiffe://example.org/workload?x=1", Rule.QUERY),
                arguments("spiffe://example.org?x=1", Rule.QUERY),
                arguments("spiffe://example.org/workload#fragment", Rule.FRAGMENT),
                arguments("spiffe://example.org#fragment", Rule.FRAGMENT),
                arguments("spiffe://example.org/work load", Rule.PATH_CHARACTERS),
                arguments("spiffe://example.org/work*load", Rule.PATH_CHARACTERS),
                arguments("spiffe://example.org/caf\u00e9", Rule.PATH_CHARACTERS),
                arguments("spiffe://example.org/a\\b", Rule.PATH_CHARACTERS),
                arguments("spiffe://example.org/a:b", Rule.PATH_CHARACTERS),
                arguments("spiffe://example.org/a\nb", Rule.PATH_CHARACTERS),
                arguments("spiffe://example.org//workload", Rule.EMPTY_SEGMENT),
                arguments("spiffe://example.org/a//b", Rule.EMPTY_SEGMENT),
                arguments("spiffe://example.org/.", Rule.DOT_SEGMENT),
                arguments("spiffe://example.org/..", Rule.DOT_SEGMENT),
                arguments("spiffe://example.org/a/./b", Rule.DOT_SEGMENT),
                arguments("spiffe://example.org/a/../b", Rule.DOT_SEGMENT),
                arguments("spiffe://example.org/", Rule.TRAILING_SLASH),
                arguments("spiffe://example.org/workload/", Rule.TRAILING_SLASH),
                arguments("spiffe://" + "a".repeat(256) + "/workload", Rule.TRUST_DOMAIN_TOO_LONG),
                arguments("spiffe://example.org/" + "a".repeat(2100), Rule.TOO_LONG));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("invalidIds")
    void rejectsInvalidIdsNamingTheRule(String value, Rule rule) {
        assertThatThrownBy(() -> SpiffeId.parse(value)).isInstanceOfSatisfying(InvalidSpiffeIdException.class,
                ex -> {
                    assertThat(ex.rule()).isEqualTo(rule);
                    assertThat(ex.getMessage()).startsWith("invalid SPIFFE ID ").endsWith(": " + rule.description());
                });
    }

    @Test
    void errorMessageQuotesTheInputAndEscapesControlCharacters() {
        assertThatThrownBy(() -> SpiffeId.parse("spiffe://example.org/a\nINFO forged line"))
            .hasMessage("invalid SPIFFE ID \"spiffe://example.org/a\\u000aINFO forged line\": "
                    + "path segment characters are limited to letters, numbers, dots, dashes and underscores");
    }

    @Test
    void acceptsIdsOfExactlyTheMaximumLength() {
        String prefix = "spiffe://example.org/";
        String id = prefix + "a".repeat(SpiffeId.MAX_LENGTH - prefix.length());
        assertThat(SpiffeId.parse(id).toString()).hasSize(2048);
        assertThat(TrustDomain.parse("a".repeat(255)).name()).hasSize(255);
    }

    @Test
    void exposesTrustDomainPathAndSegments() {
        SpiffeId id = SpiffeId.parse("spiffe://example.org/ns/prod/sa/web");
        assertThat(id.trustDomain()).isEqualTo(TrustDomain.parse("example.org"));
        assertThat(id.path()).isEqualTo("/ns/prod/sa/web");
        assertThat(id.segments()).containsExactly("ns", "prod", "sa", "web");
        assertThat(id.hasPath()).isTrue();
        assertThat(id.isMemberOf(TrustDomain.parse("example.org"))).isTrue();
        assertThat(id.isMemberOf(TrustDomain.parse("example.com"))).isFalse();
        assertThat(id.toUri()).isEqualTo(URI.create("spiffe://example.org/ns/prod/sa/web"));
    }

    @Test
    void trustDomainIdHasNoPath() {
        SpiffeId id = SpiffeId.parse("spiffe://example.org");
        assertThat(id.hasPath()).isFalse();
        assertThat(id.path()).isEmpty();
        assertThat(id.segments()).isEmpty();
        assertThat(TrustDomain.parse("example.org").id()).isEqualTo(id);
    }

    @Test
    void buildsIdsFromTrustDomainAndSegments() {
        TrustDomain td = TrustDomain.parse("example.org");
        assertThat(SpiffeId.of(td, "ns", "prod").toString()).isEqualTo("spiffe://example.org/ns/prod");
        assertThat(td.id("workload").toString()).isEqualTo("spiffe://example.org/workload");
        assertThat(SpiffeId.fromPath(td, "/a/b").toString()).isEqualTo("spiffe://example.org/a/b");
        assertThat(SpiffeId.parse("spiffe://example.org/ns").withSegments("prod", "sa").toString())
            .isEqualTo("spiffe://example.org/ns/prod/sa");
    }

    static Stream<Arguments> invalidSegments() {
        return Stream.of(arguments("", Rule.EMPTY_SEGMENT), arguments(".", Rule.DOT_SEGMENT),
                arguments("..", Rule.DOT_SEGMENT), arguments("a/b", Rule.SLASH_IN_SEGMENT),
                arguments("a b", Rule.PATH_CHARACTERS), arguments("%41", Rule.PERCENT_ENCODING),
                arguments("a?b", Rule.QUERY));
    }

    @ParameterizedTest(name = "{1}: \"{0}\"")
    @MethodSource("invalidSegments")
    void rejectsInvalidSegmentsWhenBuilding(String segment, Rule rule) {
        TrustDomain td = TrustDomain.parse("example.org");
        assertThatThrownBy(() -> SpiffeId.of(td, "ok", segment)).isInstanceOfSatisfying(InvalidSpiffeIdException.class,
                ex -> assertThat(ex.rule()).isEqualTo(rule));
    }

    @ParameterizedTest(name = "{1}: \"{0}\"")
    @MethodSource("invalidPaths")
    void rejectsInvalidPathsWhenBuilding(String path, Rule rule) {
        TrustDomain td = TrustDomain.parse("example.org");
        assertThatThrownBy(() -> SpiffeId.fromPath(td, path)).isInstanceOfSatisfying(InvalidSpiffeIdException.class,
                ex -> assertThat(ex.rule()).isEqualTo(rule));
    }

    static Stream<Arguments> invalidPaths() {
        return Stream.of(arguments("workload", Rule.NO_LEADING_SLASH), arguments("/", Rule.TRAILING_SLASH),
                arguments("/a/", Rule.TRAILING_SLASH), arguments("//a", Rule.EMPTY_SEGMENT),
                arguments("/a/..", Rule.DOT_SEGMENT), arguments("/a?b", Rule.QUERY));
    }

    @Test
    void equalityFollowsTheStringForm() {
        assertThat(SpiffeId.parse("spiffe://example.org/a")).isEqualTo(SpiffeId.of(TrustDomain.parse("example.org"), "a"))
            .hasSameHashCodeAs(SpiffeId.parse("spiffe://example.org/a"))
            .isNotEqualTo(SpiffeId.parse("spiffe://example.org/A"));
        assertThat(SpiffeId.parse("spiffe://example.org/a")).isLessThan(SpiffeId.parse("spiffe://example.org/b"));
    }

    @Test
    void readsIdsFromUris() {
        assertThat(SpiffeId.fromUri(URI.create("spiffe://example.org/a")).toString()).isEqualTo("spiffe://example.org/a");
        assertThatThrownBy(() -> SpiffeId.fromUri(URI.create("spiffe://example.org/a%2Fb")))
            .isInstanceOfSatisfying(InvalidSpiffeIdException.class, ex -> assertThat(ex.rule()).isEqualTo(Rule.PERCENT_ENCODING));
    }
}
