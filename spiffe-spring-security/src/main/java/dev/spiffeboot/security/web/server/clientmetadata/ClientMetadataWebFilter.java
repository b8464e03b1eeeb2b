package dev.spiffeboot.security.web.server.clientmetadata;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.spiffeboot.security.oauth2.client.ClientMetadataEndpoints;

/**
 * The WebFlux twin of the servlet {@code ClientMetadataFilter}: serves the client ID metadata document and JWK Set
 * to {@code GET} and {@code HEAD} before Spring Security's web filters, answers other methods on those paths with
 * 405, and passes other paths on.
 */
public class ClientMetadataWebFilter implements WebFilter, Ordered {

    /** Before Spring Security's {@code WebFilterChainProxy} (order -100). */
    public static final int ORDER = -200;

    private final ClientMetadataEndpoints endpoints;

    /** A filter serving the endpoints. */
    public ClientMetadataWebFilter(ClientMetadataEndpoints endpoints) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String json = this.endpoints.jsonFor(exchange.getRequest().getPath().pathWithinApplication().value());
        if (json == null) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        HttpMethod method = exchange.getRequest().getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            response.setStatusCode(HttpStatus.METHOD_NOT_ALLOWED);
            response.getHeaders().set(HttpHeaders.ALLOW, "GET, HEAD");
            return response.setComplete();
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setCacheControl("max-age=" + this.endpoints.maxAgeSeconds());
        response.getHeaders().setContentLength(body.length);
        if (method == HttpMethod.HEAD) {
            return response.setComplete();
        }
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
