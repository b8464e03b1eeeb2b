package dev.spiffeboot.security.client;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import dev.spiffeboot.workloadapi.JwtSource;

/**
 * Adds {@code Authorization: Bearer <JWT-SVID>} for fixed audiences to requests that carry no Authorization header.
 * Tokens come from the {@link JwtSource} cache, so a request costs a Workload API call only when a token is minted.
 */
public class JwtSvidBearerInterceptor implements ClientHttpRequestInterceptor {

    private final JwtSource jwtSource;

    private final String audience;

    private final String[] moreAudiences;

    /** An interceptor adding JWT-SVIDs of this workload for the audiences, from the source's cache. */
    public JwtSvidBearerInterceptor(JwtSource jwtSource, String audience, String... moreAudiences) {
        this.jwtSource = jwtSource;
        this.audience = audience;
        this.moreAudiences = moreAudiences.clone();
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (!request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            request.getHeaders().setBearerAuth(this.jwtSource.fetchJwtSvid(this.audience, this.moreAudiences).token());
        }
        return execution.execute(request, body);
    }
}
