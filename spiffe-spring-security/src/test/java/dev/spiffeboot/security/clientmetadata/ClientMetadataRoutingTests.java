package dev.spiffeboot.security.clientmetadata;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.security.authentication.BearerTokenAuthenticator;
import dev.spiffeboot.security.authentication.BearerTokenRejectedException;
import dev.spiffeboot.security.authentication.IssuerTokenVerifiers;
import dev.spiffeboot.security.authentication.JwtSvidVerifier;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.security.authentication.SpiffeAuthentication;
import dev.spiffeboot.security.authentication.TokenKeys;
import dev.spiffeboot.security.authentication.TokenVerifier;
import dev.spiffeboot.security.authentication.ValidatedTokenCache;
import dev.spiffeboot.security.authentication.VerifiedToken;
import dev.spiffeboot.security.authorization.SpiffeSecurityExpressionRoot;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.testing.TestClientMetadataServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Which verifier a token goes to once client ID metadata issuers are allowed, and what a token of no accepted issuer gets. */
class ClientMetadataRoutingTests {

    static final String AUDIENCE = "https://service-b.example.com/api";

    final TestClientMetadataServer server = TestClientMetadataServer.http();

    final ClientMetadataFetcher fetcher = ClientMetadataFetcher.builder().allowLoopback(true).build();

    final AtomicInteger jwtSvidCalls = new AtomicInteger();

    final JwtSvidVerifier jwtSvids = token -> {
        this.jwtSvidCalls.incrementAndGet();
        SpiffeId id = SpiffeId.parse("spiffe://example.org/client");
        return new VerifiedToken(RequestPrincipal.jwtSvid(id, List.of(AUDIENCE), Instant.now().plusSeconds(60), Map.of()),
                Instant.now().plusSeconds(60), TokenKeys.unchanging());
    };

    ClientMetadataRoutingTests() throws Exception {
    }

    @AfterEach
    void close() {
        this.server.close();
        this.fetcher.close();
    }

    private BearerTokenAuthenticator authenticator(Map<String, TokenVerifier> configured) {
        ClientMetadataTokenVerifier clients = ClientMetadataTokenVerifier.builder(
                AllowedIssuers.of(List.of(this.server.url("/clients/*")), true), List.of(AUDIENCE), this.fetcher).build();
        return new BearerTokenAuthenticator(new ValidatedTokenCache(100, Clock.systemUTC()), this.jwtSvids,
                IssuerTokenVerifiers.of(configured, List.of(clients)));
    }

    @Test
    void anAllowedClientsTokenIsItsClientIdAndIsServedFromTheCacheTheSecondTime() {
        String clientId = this.server.client("/clients/a.json");
        BearerTokenAuthenticator authenticator = authenticator(Map.of());
        String token = this.server.token("/clients/a.json", AUDIENCE);
        assertThat(authenticator.authenticate(token).value()).isEqualTo(clientId);
        assertThat(authenticator.authenticateCached(token).kind()).isEqualTo(RequestPrincipal.Kind.CLIENT_ID);
        assertThat(this.jwtSvidCalls).hasValue(0);
    }

    @Test
    void theClientIdIsWhatRequestPrincipalIsMatchesInAnnotations() {
        String clientId = this.server.client("/clients/a.json");
        RequestPrincipal principal = authenticator(Map.of()).authenticate(this.server.token("/clients/a.json", AUDIENCE));
        SpiffeSecurityExpressionRoot root = new SpiffeSecurityExpressionRoot(new SpiffeAuthentication(null, principal));
        assertThat(root.requestPrincipalIs(clientId)).isTrue();
        assertThat(root.requestPrincipalIs(this.server.url("/clients/b.json"))).isFalse();
        assertThat(root.getCaller()).isNull();
    }

    @Test
    void aWebIssuerNobodyAcceptsIsRefusedAsNotAllowedNotAsABadJwtSvid() {
        this.server.client("/other/a.json");
        BearerTokenRejectedException refused = catchThrowableOfType(BearerTokenRejectedException.class,
                () -> authenticator(Map.of()).authenticate(this.server.token("/other/a.json", AUDIENCE)));
        assertThat(refused.reason()).isEqualTo("ISSUER_NOT_ALLOWED");
        assertThat(refused.getError().getDescription())
            .isEqualTo("token issuer '" + this.server.url("/other/a.json") + "' is not an accepted issuer");
        assertThat(this.jwtSvidCalls).hasValue(0);
        assertThat(this.server.requests("/other/a.json")).isZero();
    }

    @Test
    void aJwtSvidWithAWebIssuerStillGoesToTheJwtSvidVerifier() {
        // SPIRE sets 'iss' to its configured JWT issuer, an https URL, and 'sub' to the SPIFFE ID
        String svid = this.server.sign(this.server.claims("/other/a.json", AUDIENCE).subject("spiffe://example.org/client").build());
        assertThat(authenticator(Map.of()).authenticate(svid).kind()).isEqualTo(RequestPrincipal.Kind.JWT_SVID);
        assertThat(this.jwtSvidCalls).hasValue(1);
    }

    @Test
    void aConfiguredIssuerWinsOverAMatchingPattern() {
        String clientId = this.server.client("/clients/a.json");
        AtomicInteger configuredCalls = new AtomicInteger();
        TokenVerifier configured = token -> {
            configuredCalls.incrementAndGet();
            return new VerifiedToken(RequestPrincipal.jwt(clientId, "someone", List.of(AUDIENCE), Instant.now().plusSeconds(60),
                    Map.of()), Instant.now().plusSeconds(60), TokenKeys.unchanging());
        };
        RequestPrincipal principal = authenticator(Map.of(clientId, configured)).authenticate(this.server.token("/clients/a.json", AUDIENCE));
        assertThat(principal.kind()).isEqualTo(RequestPrincipal.Kind.JWT);
        assertThat(configuredCalls).hasValue(1);
        assertThat(this.server.requests("/clients/a.json")).isZero();
    }
}
