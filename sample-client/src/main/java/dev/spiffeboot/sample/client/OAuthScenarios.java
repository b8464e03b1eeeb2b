package dev.spiffeboot.sample.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.spiffeboot.security.oauth2.client.AccessToken;
import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.ClientAssertion;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.security.oauth2.client.SvidSigningKeys;
import dev.spiffeboot.security.oauth2.client.TrustedAuthorizationServer;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The three OAuth flows of the README's "OAuth between services", with their refusals: this client as ServiceA (it
 * publishes its client ID metadata document with the {@code oauth} profile), sample-server as ServiceB, and
 * sample-auth-server as the authorization server. Every request goes over TLS without a client certificate, so
 * the token alone gets the caller in (the server's policy rule {@code oauth-clients}).
 */
final class OAuthScenarios {

    /**
     * Where this client also serves a copy of its own client ID metadata document: a document whose
     * {@code client_id} is not its URL.
     */
    static final String COPIED_DOCUMENT_PATH = "/.well-known/cimd-copy.json";

    private static final String COUNTER = "/oauth/counter";

    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    /** Longest wait for the server's short-lived access token to become due for renewal. */
    private static final Duration RENEWAL_WAIT = Duration.ofSeconds(90);

    private final SampleClientProperties properties;

    private final HttpStack<?> http;

    private final X509Source x509Source;

    private final AccessTokens accessTokens;

    private final ClientIdJwts clientIdJwts;

    private final SvidSigningKeys signingKeys;

    /**
     * The scenarios.
     *
     * @param clientIdJwts this client's client ID JWTs, or {@code null} when it publishes no client ID metadata
     * document (the scenarios are then skipped)
     * @param signingKeys the keys of its document, or {@code null} likewise
     */
    OAuthScenarios(SampleClientProperties properties, HttpStack<?> http, X509Source x509Source, AccessTokens accessTokens,
            ClientIdJwts clientIdJwts, SvidSigningKeys signingKeys) {
        this.properties = properties;
        this.http = http;
        this.x509Source = x509Source;
        this.accessTokens = accessTokens;
        this.clientIdJwts = clientIdJwts;
        this.signingKeys = signingKeys;
    }

    List<Scenario> all() {
        List<Scenario> scenarios = List.of(
                new Scenario("OAuth 1: client ID JWT", "200 Success!!! (CLIENT_ID)", this::clientIdJwt),
                new Scenario("OAuth 1: issuer not allowed", "401 not an accepted issuer", this::issuerNotAllowed),
                new Scenario("OAuth 1: document's client_id differs", "401 client_id not its URL", this::copiedDocument),
                new Scenario("OAuth 1: key never published", "401 no matching key", this::unpublishedKey),
                new Scenario("OAuth 2: the server's access token", "200 twice, one token", this::serverAccessToken),
                new Scenario("OAuth 2: expiring access token renewed", "200 with a new token", this::renewedAccessToken),
                new Scenario("OAuth 3: 401, auth server, JWT-SVID", "200 Success!!! (JWT)", this::authServerWithJwtSvid),
                new Scenario("OAuth 3: 401, auth server, client ID JWT", "200 Success!!! (JWT)", this::authServerWithClientIdJwt),
                new Scenario("OAuth 3: auth server not trusted", "401, not contacted", this::untrustedAuthServer));
        String missing = missingSetting();
        if (missing == null) {
            return scenarios;
        }
        return scenarios.stream()
            .map(scenario -> new Scenario(scenario.name(), scenario.expected(), () -> Outcome.skipped(missing)))
            .toList();
    }

    /** Why the scenarios cannot run, or {@code null} when they can. */
    private String missingSetting() {
        if (this.clientIdJwts == null || this.signingKeys == null) {
            return "run with the oauth profile (this client publishes no client ID metadata document)";
        }
        if (this.properties.authServerUrl() == null) {
            return "set sample.auth-server-url";
        }
        return null;
    }

    private Outcome clientIdJwt() {
        HttpOutcome outcome = this.http.tlsWithClientIdJwt(serverId(), resource()).get(COUNTER);
        return Outcome.expected(greets(this.clientIdJwts.clientId() + " (CLIENT_ID)").test(outcome), outcome.describe());
    }

    /** A JWT signed with this client's key as the client of a document the server does not allow. */
    private Outcome issuerNotAllowed() {
        URI notAllowed = URI.create(clientOrigin() + "/not-allowed/cimd.json");
        String token = new ClientIdJwts(notAllowed, this.signingKeys, TOKEN_LIFETIME, Clock.systemUTC()).mint(resource());
        HttpOutcome outcome = this.http.tls(serverId()).get(COUNTER, "Bearer " + token);
        return Outcome.expected(Scenarios.unauthorized("'" + notAllowed + "' is not an accepted issuer").test(outcome), outcome.describe());
    }

    /** A JWT as the client of a copy of this client's document, served at another URL than its client_id names. */
    private Outcome copiedDocument() {
        URI copy = URI.create(clientOrigin() + COPIED_DOCUMENT_PATH);
        String token = new ClientIdJwts(copy, this.signingKeys, TOKEN_LIFETIME, Clock.systemUTC()).mint(resource());
        HttpOutcome outcome = this.http.tls(serverId()).get(COUNTER, "Bearer " + token);
        return Outcome.expected(Scenarios.unauthorized("not its own URL").test(outcome), outcome.describe());
    }

    /** A JWT as this very client, signed with a key its JWK Set does not have. */
    private Outcome unpublishedKey() throws JOSEException {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        String clientId = this.clientIdJwts.clientId();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId)
            .subject(clientId)
            .audience(resource())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
            .jwtID(UUID.randomUUID().toString())
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        jwt.sign(new ECDSASigner(key));
        HttpOutcome outcome = this.http.tls(serverId()).get(COUNTER, "Bearer " + jwt.serialize());
        return Outcome.expected(Scenarios.unauthorized("no matching key among the issuer's keys").test(outcome), outcome.describe());
    }

    /** Flow 2: an access token from the server's own token endpoint, got with a client ID JWT, kept for the next call. */
    private Outcome serverAccessToken() {
        HttpGet client = serverTokens();
        HttpOutcome first = client.get(COUNTER);
        Optional<AccessToken> token = keptServerToken();
        HttpOutcome second = client.get(COUNTER);
        Optional<AccessToken> again = keptServerToken();
        Predicate<HttpOutcome> greeted = greets(this.clientIdJwts.clientId() + " (CLIENT_ID)");
        boolean sameToken = token.isPresent() && token.equals(again);
        return Outcome.expected(greeted.test(first) && greeted.test(second) && sameToken, second.describe() + "; "
                + (sameToken ? "one access token for both requests, " + token.get() : "access tokens " + token + ", " + again));
    }

    /** Flow 2 again, once the kept token is due for renewal (it lives 35 s, the client renews it 30 s before). */
    private Outcome renewedAccessToken() throws InterruptedException {
        HttpGet client = serverTokens();
        client.get(COUNTER);
        Optional<AccessToken> old = keptServerToken();
        if (old.isEmpty()) {
            return Outcome.expected(false, "no access token kept after a request");
        }
        Instant deadline = Instant.now().plus(RENEWAL_WAIT);
        while (keptServerToken().equals(old) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        HttpOutcome outcome = client.get(COUNTER);
        Optional<AccessToken> renewed = keptServerToken();
        boolean newToken = renewed.isPresent() && !renewed.equals(old);
        return Outcome.expected(greets(this.clientIdJwts.clientId() + " (CLIENT_ID)").test(outcome) && newToken,
                outcome.describe() + "; " + old.get() + " replaced by " + renewed.map(AccessToken::toString).orElse("none"));
    }

    private HttpGet serverTokens() {
        return this.http.tlsWithAccessTokensFrom(serverId(), this.properties.serverUrl(), resource());
    }

    private Optional<AccessToken> keptServerToken() {
        return this.accessTokens.firstTrusted(List.of(URI.create(this.properties.serverUrl())))
            .flatMap(server -> this.accessTokens.kept(server, URI.create(resource())));
    }

    /** Flow 3 as configured: the server's 401 names its metadata, which names the authorization server first. */
    private Outcome authServerWithJwtSvid() {
        HttpOutcome outcome = this.http.tlsWithAccessTokens(serverId()).get(COUNTER);
        String client = this.x509Source.x509Svid().id().toString();
        return Outcome.expected(greets(this.properties.authServerUrl() + "/" + client + " (JWT)").test(outcome), outcome.describe());
    }

    /** Flow 3 with the client ID JWT as the client assertion at the authorization server (private_key_jwt). */
    private Outcome authServerWithClientIdJwt() {
        TrustedAuthorizationServer authServer = new TrustedAuthorizationServer(URI.create(this.properties.authServerUrl()),
                mtlsTo(this.properties.authServerId()), ClientAssertion.clientIdJwt(this.clientIdJwts), null);
        AccessTokens tokens = new AccessTokens(List.of(authServer), Duration.ofSeconds(30), Clock.systemUTC());
        HttpOutcome outcome = this.http.tlsWithAccessTokens(serverId(), tokens).get(COUNTER);
        return Outcome.expected(greets(this.properties.authServerUrl() + "/" + this.clientIdJwts.clientId() + " (JWT)").test(outcome),
                outcome.describe());
    }

    /**
     * Flow 3 with a client that trusts none of the authorization servers the resource names: the 401 comes back as
     * it came, and no client assertion is made for anyone.
     */
    private Outcome untrustedAuthServer() {
        AtomicInteger assertions = new AtomicInteger();
        ClientAssertion counted = issuer -> {
            assertions.incrementAndGet();
            return Map.of();
        };
        TrustedAuthorizationServer other = new TrustedAuthorizationServer(URI.create("https://127.0.0.1:9"),
                HttpClient.newHttpClient(), counted, null);
        AccessTokens tokens = new AccessTokens(List.of(other), Duration.ofSeconds(30), Clock.systemUTC());
        HttpOutcome outcome = this.http.tlsWithAccessTokens(serverId(), tokens).get(COUNTER);
        boolean challenged = outcome.status() == 401 && outcome.challenge().contains("resource_metadata=");
        return Outcome.expected(challenged && assertions.get() == 0,
                outcome.describe() + "; client assertions made: " + assertions.get());
    }

    private HttpClient mtlsTo(String serverId) {
        return HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .sslContext(SpiffeSslContexts.mtlsClient(this.x509Source, this.x509Source, Authorizer.id(SpiffeId.parse(serverId))))
            .build();
    }

    private String serverId() {
        return this.properties.serverId();
    }

    /** The server's resource identifier: its URL, as its metadata names it and its JWTs' audience. */
    private String resource() {
        return this.properties.serverUrl();
    }

    private String clientOrigin() {
        URI clientId = URI.create(this.clientIdJwts.clientId());
        return clientId.getScheme() + "://" + clientId.getRawAuthority();
    }

    private static Predicate<HttpOutcome> greets(String principal) {
        return outcome -> outcome.status() == 200 && outcome.body().startsWith("Success!!! Hello " + principal);
    }
}
