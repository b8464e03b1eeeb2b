package dev.spiffeboot.autoconfigure.clientmetadata;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.SpiffeIdMatcher;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.X509Source;

import static dev.spiffeboot.autoconfigure.clientmetadata.ClientMetadataApplication.CLIENT_ID;
import static dev.spiffeboot.autoconfigure.clientmetadata.ClientMetadataApplication.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing the client ID metadata document and JWK Set, and the JWTs a client sends with them, on one web stack:
 * what a verifier fetches (without credentials, past a policy that refuses every caller) verifies the tokens, also
 * across a rotation of the X509-SVID.
 */
abstract class AbstractClientMetadataTests {

    protected static final String AUDIENCE = "https://service-b.example.com";

    /** The server's port. */
    protected abstract int port();

    /** The agent the application gets its identity from. */
    protected abstract DevAgentExtension agent();

    /** The application's client ID JWTs. */
    protected abstract ClientIdJwts jwts();

    /** A token sent by the stack's HTTP client with {@code clientIdJwtBearer(AUDIENCE)}, to the given path. */
    protected abstract String tokenSentByTheClient(String path);

    protected HttpResponse<String> fetch(String method, String path) throws Exception {
        // a verifier of the same trust domain over TLS, presenting no certificate
        try (X509Source verifierTrust = X509Source.builder().address(agent().address(SERVICE)).build()) {
            SSLContext tls = SpiffeSslContexts.tlsClient(verifierTrust, Authorizer.matching(SpiffeIdMatcher.id(SpiffeId.parse(SERVICE))));
            HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void theDocumentIsServedWithoutCredentialsPastAPolicyThatRefusesEveryone() throws Exception {
        assertThat(fetch("GET", "/protected").statusCode()).isIn(401, 403);
        HttpResponse<String> response = fetch("GET", "/.well-known/cimd-workload-1.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE)).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue(HttpHeaders.CACHE_CONTROL)).hasValue("max-age=300");
        Map<String, Object> document = JSONObjectUtils.parse(response.body());
        assertThat(document).containsEntry("client_id", CLIENT_ID)
            .containsEntry("client_name", "Service A")
            .containsEntry("jwks_uri", "https://service-a.example.com/.well-known/client-jwks.json")
            .containsEntry("token_endpoint_auth_method", "private_key_jwt");
    }

    @Test
    void theJwkSetIsServedAndHoldsOnlyPublicKeys() throws Exception {
        HttpResponse<String> response = fetch("GET", "/.well-known/client-jwks.json");
        assertThat(response.statusCode()).isEqualTo(200);
        JWKSet keys = JWKSet.parse(response.body());
        // the current key first (a test may have rotated the SVID before: the replaced key is still listed)
        assertThat(keys.getKeys().get(0).getKeyID()).isEqualTo(SignedJWT.parse(jwts().mint(AUDIENCE)).getHeader().getKeyID());
        assertThat(keys.getKeys()).allSatisfy(key -> {
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getParsedX509CertChain().get(0).getSubjectAlternativeNames().toString()).contains(SERVICE);
        });
    }

    @Test
    void headIsAnsweredWithoutBodyAndOtherMethodsAreRefused() throws Exception {
        HttpResponse<String> head = fetch("HEAD", "/.well-known/cimd-workload-1.json");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        HttpResponse<String> post = fetch("POST", "/.well-known/cimd-workload-1.json");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue(HttpHeaders.ALLOW)).hasValue("GET, HEAD");
    }

    @Test
    void theClientSendsANewTokenPerRequestThatVerifiesWithThePublishedKeys() throws Exception {
        String first = tokenSentByTheClient("/.well-known/client-jwks.json");
        String second = tokenSentByTheClient("/.well-known/client-jwks.json");
        assertThat(second).isNotEqualTo(first);
        JWKSet keys = JWKSet.parse(fetch("GET", "/.well-known/client-jwks.json").body());
        for (String token : List.of(first, second)) {
            SignedJWT jwt = SignedJWT.parse(token);
            assertThat(verifies(jwt, keys)).isTrue();
            assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(CLIENT_ID);
            assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(CLIENT_ID);
            assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(AUDIENCE);
            assertThat(jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime())
                .isEqualTo(Duration.ofMinutes(2).toMillis());
        }
    }

    @Test
    void afterARotationTokensOfTheOldAndTheNewKeyVerifyWithWhatIsPublished() throws Exception {
        String before = jwts().mint(AUDIENCE);
        agent().agent().rotateX509Svids();
        String newKeyId = null;
        for (int attempt = 0; attempt < 100 && newKeyId == null; attempt++) {
            String kid = SignedJWT.parse(jwts().mint(AUDIENCE)).getHeader().getKeyID();
            if (!kid.equals(SignedJWT.parse(before).getHeader().getKeyID())) {
                newKeyId = kid;
            }
            else {
                Thread.sleep(50);
            }
        }
        assertThat(newKeyId).as("a token signed with the rotated SVID's key").isNotNull();
        String after = jwts().mint(AUDIENCE);
        JWKSet published = JWKSet.parse(fetch("GET", "/.well-known/client-jwks.json").body());
        assertThat(published.getKeys()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(verifies(SignedJWT.parse(before), published)).isTrue();
        assertThat(verifies(SignedJWT.parse(after), published)).isTrue();
        assertThat(published.getKeys().get(0).getKeyID()).isEqualTo(newKeyId);
    }

    private static boolean verifies(SignedJWT jwt, JWKSet keys) throws JOSEException, ParseException {
        JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        return key != null && jwt.verify(new ECDSAVerifier(key.toECKey()));
    }
}
