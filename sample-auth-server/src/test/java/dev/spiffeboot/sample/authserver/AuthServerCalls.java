package dev.spiffeboot.sample.authserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests to the sample authorization server's token endpoint over SPIFFE mTLS, as a workload sends them, and what
 * the tests read in the answers.
 *
 * @param http a client with the caller's X509-SVID
 * @param issuer the server's issuer identifier, its base URL
 */
record AuthServerCalls(HttpClient http, String issuer) {

    static final String AUTH_SERVER = "spiffe://example.org/auth-server";

    /** A port of 127.0.0.1 that nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** An HTTP client with the X509-SVID of the source, accepting the authorization server only. */
    static HttpClient http(X509Source svids) {
        SSLContext tls = SpiffeSslContexts.mtlsClient(svids, svids, Authorizer.id(SpiffeId.parse(AUTH_SERVER)));
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A token request of client_credentials with the parameters given as name, value, name, value... */
    HttpResponse<String> tokenRequest(String... parameters) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        for (int i = 0; i < parameters.length; i += 2) {
            form.append('&').append(parameters[i]).append('=').append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
        }
        return post(form.toString());
    }

    /** A token request with the form as it is. */
    HttpResponse<String> post(String form) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** A GET of the path. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(this.issuer + path)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Object> json(HttpResponse<String> response) throws ParseException {
        return JSONObjectUtils.parse(response.body());
    }

    /** Asserts an error response and returns its description. */
    static String refusal(HttpResponse<String> response, int status, String error) throws ParseException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("error", error);
        return (String) body.get("error_description");
    }

    /** Asserts a token response and returns its access token. */
    static String accessToken(HttpResponse<String> response) throws ParseException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) json(response).get("access_token");
    }
}
