package dev.spiffeboot.security.oauth2.server.authorization;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import dev.spiffeboot.security.clientmetadata.AllowedIssuers;
import dev.spiffeboot.security.clientmetadata.ClientMetadataFetcher;
import dev.spiffeboot.testing.MutableClock;
import dev.spiffeboot.testing.TestClientMetadataServer;
import dev.spiffeboot.testing.TestClientMetadataServer.Answer;

import static dev.spiffeboot.testing.TestClientMetadataServer.JWKS_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The clients of client ID metadata documents served on 127.0.0.1: the registered client each document makes, how
 * long it holds, the repository that puts the registered clients first, and the decoders of their assertions (a
 * mutable clock stands for time).
 */
class ClientMetadataClientsTests {

    static final String ISSUER = "https://auth.example.org";

    final MutableClock clock = new MutableClock(Instant.now());

    final TestClientMetadataServer server = TestClientMetadataServer.http();

    final ClientMetadataFetcher fetcher = ClientMetadataFetcher.builder().allowLoopback(true).build();

    ClientMetadataClientsTests() throws Exception {
        this.server.clock(this.clock);
    }

    ClientMetadataClients.Builder builder() {
        return ClientMetadataClients.builder(AllowedIssuers.of(List.of(this.server.url("/clients/*")), true), ISSUER, this.fetcher)
            .scopes(List.of("counter.read", "counter.write"))
            .clock(this.clock);
    }

    @AfterEach
    void close() {
        this.server.close();
        this.fetcher.close();
    }

    private String document(String path, String extraJson) {
        this.server.answer(path, Answer.json(this.server.document(path, members -> {
            members.put("jwks_uri", this.server.url(JWKS_PATH));
            if (extraJson != null) {
                members.putAll(parse(extraJson));
            }
        })));
        return this.server.url(path);
    }

    private static java.util.Map<String, Object> parse(String json) {
        try {
            return com.nimbusds.jose.util.JSONObjectUtils.parse(json);
        }
        catch (java.text.ParseException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    private static OAuth2AuthenticationException refusal(Runnable call) {
        try {
            call.run();
        }
        catch (OAuth2AuthenticationException ex) {
            return ex;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aDocumentMakesAClientOfTheClientCredentialsGrantWhileItIsFresh() {
        ClientMetadataClients clients = builder()
            .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(2)).build())
            .build();
        String clientId = document("/clients/a.json", "{\"spiffe_id\":\"spiffe://example.org/a\",\"scope\":\"counter.read profile\"}");
        RegisteredClient client = clients.findByClientId(clientId);
        assertThat(client.getId()).isEqualTo(clientId);
        assertThat(client.getClientId()).isEqualTo(clientId);
        assertThat(client.getClientName()).isEqualTo("Service A");
        assertThat(client.getClientSecret()).isNull();
        assertThat(client.getClientAuthenticationMethods()).containsExactlyInAnyOrder(ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                JwtSvidClientAuthentication.METHOD);
        assertThat(client.getAuthorizationGrantTypes()).containsExactly(AuthorizationGrantType.CLIENT_CREDENTIALS);
        assertThat(client.getScopes()).as("configured, narrowed by the document").containsExactly("counter.read");
        assertThat(client.getTokenSettings().getAccessTokenTimeToLive()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ClientMetadataClients.isClientMetadataClient(client)).isTrue();
        assertThat(ClientSpiffeIds.of(client)).isEqualTo("spiffe://example.org/a");

        // held for the lifetime its answer gave (5 minutes when it gave none), then fetched again: changes show
        clients.findByClientId(clientId);
        assertThat(this.server.requests("/clients/a.json")).isOne();
        document("/clients/a.json", "{\"scope\":\"counter.write\"}");
        this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        RegisteredClient changed = clients.findByClientId(clientId);
        assertThat(this.server.requests("/clients/a.json")).isEqualTo(2);
        assertThat(changed.getScopes()).containsExactly("counter.write");
        assertThat(changed.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
    }

    @Test
    void aClientIdTheAllowListDoesNotAcceptIsNoClientAndNothingIsFetched() {
        ClientMetadataClients clients = builder().build();
        this.server.client("/other/a.json");
        assertThat(clients.accepts(this.server.url("/other/a.json"))).isFalse();
        assertThat(clients.findByClientId(this.server.url("/other/a.json"))).isNull();
        assertThat(clients.findByClientId(null)).isNull();
        assertThat(this.server.requests("/other/a.json")).isZero();
    }

    @Test
    void aDocumentThatCannotBeHadRefusesTheClientSayingWhy() {
        ClientMetadataClients clients = builder().build();
        this.server.answer("/clients/gone.json", Answer.json("{}").status(404));
        OAuth2AuthenticationException gone = refusal(() -> clients.findByClientId(this.server.url("/clients/gone.json")));
        assertThat(gone.getError().getErrorCode()).isEqualTo("invalid_client");
        assertThat(gone.getError().getDescription()).endsWith("answered HTTP 404, not 200");
        this.server.answer("/clients/down.json", Answer.json("{}").status(503));
        OAuth2AuthenticationException down = refusal(() -> clients.findByClientId(this.server.url("/clients/down.json")));
        assertThat(down.getError().getErrorCode()).isEqualTo("temporarily_unavailable");
    }

    @Test
    void registeredClientsComeFirstAndDocumentClientsAreNeverSaved() {
        ClientMetadataClients clients = builder().build();
        String clientId = document("/clients/registered.json", null);
        RegisteredClient registered = RegisteredClient.withId("registered")
            .clientId(clientId)
            .clientSecret("{noop}secret")
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .build();
        ClientMetadataRegisteredClientRepository repository = new ClientMetadataRegisteredClientRepository(
                new InMemoryRegisteredClientRepository(registered), clients);
        assertThat(repository.findByClientId(clientId)).isSameAs(registered);
        assertThat(repository.findById("registered")).isSameAs(registered);
        assertThat(this.server.requests("/clients/registered.json")).isZero();

        String documentClient = document("/clients/b.json", null);
        RegisteredClient found = repository.findByClientId(documentClient);
        assertThat(ClientMetadataClients.isClientMetadataClient(found)).isTrue();
        assertThat(repository.findById(documentClient).getClientId()).as("an authorization stored with its ID finds it")
            .isEqualTo(documentClient);
        assertThatIllegalArgumentException().isThrownBy(() -> repository.save(found))
            .withMessageContaining("is described by its client ID metadata document");
        assertThat(repository.findById("unknown")).isNull();
    }

    @Test
    void theAssertionsOfDocumentClientsAreVerifiedWithTheDocumentsKeysAndOthersByTheOtherFactory() {
        ClientMetadataClients clients = builder().build();
        String clientId = document("/clients/a.json", null);
        ClientMetadataAssertionDecoderFactory decoders = new ClientMetadataAssertionDecoderFactory(clients);
        RegisteredClient client = clients.findByClientId(clientId);
        assertThat(decoders.createDecoder(client).decode(this.server.token("/clients/a.json", ISSUER)).getSubject()).isEqualTo(clientId);

        // Spring's factory, for a registered private_key_jwt client without a JWK Set URL
        RegisteredClient registered = RegisteredClient.withId("registered")
            .clientId("registered")
            .clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .build();
        assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> decoders.createDecoder(registered))
            .withMessageContaining("Check to ensure you have configured a valid JWS Algorithm");
    }

    @Test
    void anAssertionIsRefusedWhenItsIssuerIsAnotherClientOrItIsUsedAgain() {
        ClientMetadataClients clients = builder().build();
        String clientId = document("/clients/a.json", null);
        RegisteredClient client = clients.findByClientId(clientId);
        OAuth2AuthenticationException other = refusal(() -> clients.verifyAssertion(client, this.server.token("/clients/b.json", ISSUER)));
        assertThat(other.getError().getDescription()).isEqualTo("client_assertion is issued by '" + this.server.url("/clients/b.json")
                + "', not by the client '" + clientId + "' (iss must be the client ID)");
        String assertion = this.server.token("/clients/a.json", ISSUER);
        clients.verifyAssertion(client, assertion);
        assertThat(refusal(() -> clients.verifyAssertion(client, assertion)).getError().getDescription())
            .contains(": token was used before (jti '");
        assertThat(refusal(() -> clients.verifyAssertion(client, "x".repeat(9000))).getError().getDescription())
            .isEqualTo("client_assertion is longer than 8192 characters");
    }

    @Test
    void tooManyAssertionsInUseMakeTheNextOneWait() {
        ClientMetadataClients clients = builder().maxRememberedAssertions(1).build();
        RegisteredClient client = clients.findByClientId(document("/clients/a.json", null));
        clients.verifyAssertion(client, this.server.token("/clients/a.json", ISSUER));
        OAuth2AuthenticationException full = refusal(() -> clients.verifyAssertion(client, this.server.token("/clients/a.json", ISSUER)));
        assertThat(full.getError().getErrorCode()).isEqualTo("temporarily_unavailable");
        // the first assertion's token (5 minutes, 60 s of skew) is over
        this.clock.advance(Duration.ofMinutes(6).plusSeconds(1));
        clients.verifyAssertion(client, this.server.token("/clients/a.json", ISSUER));
    }

    @Test
    void aDocumentOfAnotherGrantOrWithABadScopeIsNoClientHere() {
        ClientMetadataClients clients = builder().build();
        String code = document("/clients/code.json", "{\"grant_types\":[\"authorization_code\"]}");
        assertThat(refusal(() -> clients.findByClientId(code)).getError().getDescription())
            .contains("does not list client_credentials in grant_types");
        String listed = document("/clients/listed.json", "{\"grant_types\":[\"authorization_code\",\"client_credentials\"]}");
        assertThat(clients.findByClientId(listed).getAuthorizationGrantTypes()).containsExactly(AuthorizationGrantType.CLIENT_CREDENTIALS);
        String badScope = document("/clients/scope.json", "{\"scope\":[\"counter.read\"]}");
        assertThat(refusal(() -> clients.findByClientId(badScope)).getError().getDescription()).endsWith("has a scope that is not a string");
        assertThat(Set.of(clients.findByClientId(document("/clients/none.json", "{\"scope\":\"\"}")).getScopes().toArray()))
            .isEmpty();
    }
}
