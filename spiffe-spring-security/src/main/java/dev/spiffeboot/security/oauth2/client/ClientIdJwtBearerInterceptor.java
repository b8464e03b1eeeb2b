package dev.spiffeboot.security.oauth2.client;

import java.io.IOException;
import java.util.Objects;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Adds {@code Authorization: Bearer <JWT>} signed by this workload as the client of its client ID metadata document
 * ({@link ClientIdJwts}) to requests that carry no Authorization header: a new token for every request.
 */
public class ClientIdJwtBearerInterceptor implements ClientHttpRequestInterceptor {

    private final ClientIdJwts jwts;

    private final String audience;

    /** An interceptor adding tokens for the audience (the resource called, as it identifies itself). */
    public ClientIdJwtBearerInterceptor(ClientIdJwts jwts, String audience) {
        this.jwts = Objects.requireNonNull(jwts, "client ID JWTs");
        this.audience = Objects.requireNonNull(audience, "audience");
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (!request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            request.getHeaders().setBearerAuth(this.jwts.mint(this.audience));
        }
        return execution.execute(request, body);
    }
}
