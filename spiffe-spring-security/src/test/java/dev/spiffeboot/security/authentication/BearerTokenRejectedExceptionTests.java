package dev.spiffeboot.security.authentication;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Descriptions sent in {@code WWW-Authenticate} keep to the characters RFC 6750 allows. */
class BearerTokenRejectedExceptionTests {

    @Test
    void quotesBackslashesAndNonAsciiAreReplaced() {
        assertThat(BearerTokenRejectedException.headerSafe("no \"kid\" in \"a\\\"b\" \u00e9\n"))
            .isEqualTo("no 'kid' in 'a'b' ??");
    }

    @Test
    void longDescriptionsAreCut() {
        assertThat(BearerTokenRejectedException.headerSafe("x".repeat(1000))).hasSize(403).endsWith("...");
    }

    @Test
    void theClientSeesTheDescriptionAndTheLogAlsoTheDetail() {
        BearerTokenRejectedException unavailable = BearerTokenRejectedException.unavailable("try later", "socket /run/agent.sock refused");
        assertThat(unavailable.getError().getDescription()).isEqualTo("try later");
        assertThat(unavailable.logMessage()).isEqualTo("try later: socket /run/agent.sock refused");
        assertThat(unavailable.isUnavailable()).isTrue();
    }
}
