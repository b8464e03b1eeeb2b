package dev.spiffeboot.security.client;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import dev.spiffeboot.workloadapi.JwtSource;

/**
 * The reactive {@link JwtSvidBearerInterceptor}: adds {@code Authorization: Bearer <JWT-SVID>} to requests without
 * an Authorization header, taking the token from the {@link JwtSource} cache without blocking.
 */
public class JwtSvidBearerExchangeFilter implements ExchangeFilterFunction {

    private final JwtSource jwtSource;

    private final String audience;

    private final String[] moreAudiences;

    /** A filter adding JWT-SVIDs of this workload for the audiences, from the source's cache. */
    public JwtSvidBearerExchangeFilter(JwtSource jwtSource, String audience, String... moreAudiences) {
        this.jwtSource = jwtSource;
        this.audience = audience;
        this.moreAudiences = moreAudiences.clone();
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        if (request.headers().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return next.exchange(request);
        }
        return Mono.fromFuture(() -> this.jwtSource.fetchJwtSvidAsync(this.audience, this.moreAudiences))
            .flatMap(svid -> next.exchange(ClientRequest.from(request).headers(headers -> headers.setBearerAuth(svid.token())).build()));
    }
}
