package dev.spiffeboot.sample.userchains;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.web.SecurityFilterChain;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.testing.TestClientMetadataServer;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that declares its own filter chains: the starter brings the JWT-SVID client authentication and the
 * clients of client ID metadata documents into its authorization server chain and adds no chain of its own.
 */
class UserChainsTests {

    private static final String AUTH_SERVER = "spiffe://example.org/auth-server";

    private static final String CLIENT = "spiffe://example.org/client";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(AUTH_SERVER).identity(CLIENT).build();

    @Test
    void theApplicationsAuthorizationServerChainAcceptsJwtSvidsAndClientIdMetadataDocumentClients() throws Exception {
        int port = freePort();
        String issuer = "https://127.0.0.1:" + port;
        try (X509Source svids = X509Source.builder().address(agent.address(CLIENT)).build();
                JwtSource jwts = JwtSource.builder().address(agent.address(CLIENT)).build();
                TestClientMetadataServer documents = TestClientMetadataServer.https(SpiffeSslContexts.tlsServer(svids), "127.0.0.1");
                ConfigurableApplicationContext server = new SpringApplicationBuilder(UserChainsApplication.class).run(
                        "--server.port=" + port, "--server.address=127.0.0.1",
                        "--spiffe.workload-api.address=" + agent.address(AUTH_SERVER),
                        "--spiffe.authorization-server.client-metadata.allowed-clients=" + documents.url("/clients/*"))) {
            assertThat(server.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("authorizationServerSecurityFilterChain", "api");
            HttpClient http = HttpClient.newBuilder()
                .sslContext(SpiffeSslContexts.mtlsClient(svids, svids, Authorizer.id(SpiffeId.parse(AUTH_SERVER))))
                .connectTimeout(Duration.ofSeconds(5))
                .build();

            HttpResponse<String> granted = http.send(tokenRequest(issuer, jwts.fetchJwtSvid(issuer).token()),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
            String accessToken = (String) JSONObjectUtils.parse(granted.body()).get("access_token");
            assertThat(SignedJWT.parse(accessToken).getJWTClaimsSet().getSubject()).isEqualTo(CLIENT);

            HttpResponse<String> refused = http.send(tokenRequest(issuer, jwts.fetchJwtSvid(CLIENT).token()),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            Map<String, Object> error = JSONObjectUtils.parse(refused.body());
            assertThat(error).containsEntry("error", "invalid_client");
            assertThat((String) error.get("error_description")).contains("expected audience in [" + issuer + "]");

            // a client of a client ID metadata document, with private_key_jwt
            String clientId = documents.client("/clients/a.json");
            HttpResponse<String> document = http.send(tokenRequest(issuer, documents.token("/clients/a.json", issuer),
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", clientId), HttpResponse.BodyHandlers.ofString());
            assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
            String documentToken = (String) JSONObjectUtils.parse(document.body()).get("access_token");
            assertThat(SignedJWT.parse(documentToken).getJWTClaimsSet().getSubject()).isEqualTo(clientId);
            HttpResponse<String> forTheTokenEndpoint = http.send(tokenRequest(issuer, documents.token("/clients/a.json",
                    issuer + "/oauth2/token"), "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", clientId),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forTheTokenEndpoint.statusCode()).isEqualTo(401);
            assertThat((String) JSONObjectUtils.parse(forTheTokenEndpoint.body()).get("error_description"))
                .contains("expected audience in [" + issuer + "]");
        }
    }

    private static HttpRequest tokenRequest(String issuer, String assertion) {
        return tokenRequest(issuer, assertion, "urn:ietf:params:oauth:client-assertion-type:jwt-spiffe", null);
    }

    private static HttpRequest tokenRequest(String issuer, String assertion, String assertionType, String clientId) {
        String form = "grant_type=client_credentials"
                + "&client_assertion_type=" + URLEncoder.encode(assertionType, StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion
                + ((clientId != null) ? "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8) : "");
        return HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
