package dev.spiffeboot.security.authentication;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.InsufficientAuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code resource_metadata} parameter of RFC 9728 next to the RFC 6750 ones. */
class BearerChallengeTests {

    private static final String METADATA = "https://api.example.com/.well-known/oauth-protected-resource";

    @Test
    void aRequestWithoutTokenIsPointedToTheMetadata() {
        BearerChallenge challenge = BearerChallenge.of(new InsufficientAuthenticationException("anonymous")).withResourceMetadata(METADATA);
        assertThat(challenge.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(challenge.header()).isEqualTo("Bearer resource_metadata=\"" + METADATA + "\"");
        assertThat(challenge.description()).isNull();
    }

    @Test
    void aRefusedTokenKeepsItsErrorAndDescriptionBeforeTheMetadata() {
        BearerChallenge challenge = BearerChallenge.of(BearerTokenRejectedException.invalid("EXPIRED", "token expired"))
            .withResourceMetadata(METADATA);
        assertThat(challenge.header()).isEqualTo("Bearer error=\"invalid_token\", error_description=\"token expired\", "
                + "resource_metadata=\"" + METADATA + "\"");
        assertThat(challenge.description()).isEqualTo("token expired");
    }

    @Test
    void aTokenThatCannotBeCheckedNowIsNotSentToLookForAnother() {
        BearerChallenge unavailable = BearerChallenge.of(BearerTokenRejectedException.unavailable("not validated", "agent down"));
        assertThat(unavailable.withResourceMetadata(METADATA)).isEqualTo(unavailable);
        assertThat(unavailable.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void aUrlAQuotedStringCannotCarryAsItIsIsLeftOut() {
        BearerChallenge plain = BearerChallenge.of(new InsufficientAuthenticationException("anonymous"));
        for (String url : new String[] { "https://a\"b/x", "https://a b/x", "https://a\\b/x", "https://ä/x", "", null }) {
            assertThat(plain.withResourceMetadata(url).header()).isEqualTo("Bearer");
        }
    }
}
