package dev.spiffeboot.spiffeid;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpiffeIdMatcherTests {

    private static final SpiffeId SERVER = SpiffeId.parse("spiffe://example.org/server");

    private static final SpiffeId CLIENT = SpiffeId.parse("spiffe://example.org/client");

    private static final SpiffeId FOREIGN = SpiffeId.parse("spiffe://other.org/client");

    @Test
    void anyMatchesEveryId() {
        assertThat(SpiffeIdMatcher.any().matches(FOREIGN)).isTrue();
        assertThat(SpiffeIdMatcher.any().matches(null)).isFalse();
    }

    @Test
    void idMatchesExactlyThatId() {
        SpiffeIdMatcher matcher = SpiffeIdMatcher.id(SERVER);
        assertThat(matcher.matches(SERVER)).isTrue();
        assertThat(matcher.matches(CLIENT)).isFalse();
        assertThat(matcher.matches(SpiffeId.parse("spiffe://example.org/server/sub"))).isFalse();
        assertThat(matcher).hasToString("spiffe://example.org/server");
    }

    @Test
    void oneOfMatchesMembersOfTheSet() {
        SpiffeIdMatcher matcher = SpiffeIdMatcher.oneOf(List.of(SERVER, CLIENT));
        assertThat(matcher.matches(CLIENT)).isTrue();
        assertThat(matcher.matches(SERVER)).isTrue();
        assertThat(matcher.matches(FOREIGN)).isFalse();
        assertThat(matcher).hasToString("one of [spiffe://example.org/client, spiffe://example.org/server]");
    }

    @Test
    void memberOfMatchesTheTrustDomainOnly() {
        SpiffeIdMatcher matcher = SpiffeIdMatcher.memberOf(TrustDomain.parse("example.org"));
        assertThat(matcher.matches(CLIENT)).isTrue();
        assertThat(matcher.matches(FOREIGN)).isFalse();
        assertThat(matcher.matches(SpiffeId.parse("spiffe://example.org.evil.com/client"))).isFalse();
        assertThat(matcher).hasToString("member of trust domain example.org");
    }

    @Test
    void orCombinesMatchers() {
        SpiffeIdMatcher matcher = SpiffeIdMatcher.id(SERVER).or(SpiffeIdMatcher.memberOf(TrustDomain.parse("other.org")));
        assertThat(matcher.matches(SERVER)).isTrue();
        assertThat(matcher.matches(FOREIGN)).isTrue();
        assertThat(matcher.matches(CLIENT)).isFalse();
    }
}
