package dev.spiffeboot.security.oauth2.client;

import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The reactive {@link ClientIdJwtBearerInterceptor}: a new signed token for every request without an Authorization
 * header, minted when the request is sent (signing does not block).
 */
public class ClientIdJwtBearerExchangeFilter implements ExchangeFilterFunction {

    private final ClientIdJwts jwts;

    private final String audience;

    /** A filter adding tokens for the audience (the resource called, as it identifies itself). */
    public ClientIdJwtBearerExchangeFilter(ClientIdJwts jwts, String audience) {
        this.jwts = Objects.requireNonNull(jwts, "client ID JWTs");
        this.audience = Objects.requireNonNull(audience, "audience");
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        if (request.headers().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return next.exchange(request);
        }
        return Mono.fromSupplier(() -> this.jwts.mint(this.audience))
            .flatMap(token -> next.exchange(ClientRequest.from(request).headers(headers -> headers.setBearerAuth(token)).build()));
    }
}
