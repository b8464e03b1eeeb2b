package dev.spiffeboot.security.oauth2.server.authorization;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.spiffeboot.security.oauth2.server.authorization.UsedAssertionIds.Use;
import dev.spiffeboot.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class UsedAssertionIdsTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

    private final Instant inFiveMinutes = this.clock.instant().plus(Duration.ofMinutes(5));

    @Test
    void aJwtIdIsUsedOncePerClientUntilItsTokenIsOver() {
        UsedAssertionIds used = new UsedAssertionIds(10, this.clock);
        assertThat(used.use("https://a.example/c.json", "1", this.inFiveMinutes)).isEqualTo(Use.FIRST);
        assertThat(used.use("https://a.example/c.json", "1", this.inFiveMinutes)).isEqualTo(Use.REPLAYED);
        assertThat(used.use("https://b.example/c.json", "1", this.inFiveMinutes)).as("another client's").isEqualTo(Use.FIRST);
        this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(used.use("https://a.example/c.json", "1", this.clock.instant().plus(Duration.ofMinutes(5))))
            .as("its token can no longer be accepted, so its jti is free").isEqualTo(Use.FIRST);
    }

    @Test
    void whenFullTheOutdatedAreDroppedElseTheNewOneIsRefused() {
        UsedAssertionIds used = new UsedAssertionIds(2, this.clock);
        assertThat(used.use("https://a.example/c.json", "1", this.clock.instant().plus(Duration.ofMinutes(1)))).isEqualTo(Use.FIRST);
        assertThat(used.use("https://a.example/c.json", "2", this.inFiveMinutes)).isEqualTo(Use.FIRST);
        assertThat(used.use("https://a.example/c.json", "3", this.inFiveMinutes)).isEqualTo(Use.FULL);
        assertThat(used.use("https://a.example/c.json", "2", this.inFiveMinutes)).as("full").isEqualTo(Use.FULL);
        this.clock.advance(Duration.ofMinutes(2));
        assertThat(used.use("https://a.example/c.json", "3", this.inFiveMinutes)).isEqualTo(Use.FIRST);
        assertThat(used.size()).isEqualTo(2);
    }
}
