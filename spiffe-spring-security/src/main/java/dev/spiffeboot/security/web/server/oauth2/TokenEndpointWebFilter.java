package dev.spiffeboot.security.web.server.oauth2;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.spiffeboot.security.oauth2.server.token.TokenEndpoint;

/**
 * The WebFlux twin of the servlet {@code TokenEndpointFilter}: {@code POST} at the endpoint's path, before Spring
 * Security's web filters; the client assertion is validated off the event loop (a first client ID JWT fetches the
 * client's metadata).
 */
public class TokenEndpointWebFilter implements WebFilter, Ordered {

    private final TokenEndpoint endpoint;

    private final String path;

    /** A filter serving the endpoint at the local path. */
    public TokenEndpointWebFilter(TokenEndpoint endpoint, String path) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.path = Objects.requireNonNull(path, "path");
    }

    @Override
    public int getOrder() {
        return PublicDocumentsWebFilter.ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!this.path.equals(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        if (exchange.getRequest().getMethod() != HttpMethod.POST) {
            response.setStatusCode(HttpStatus.METHOD_NOT_ALLOWED);
            response.getHeaders().set(HttpHeaders.ALLOW, "POST");
            return response.setComplete();
        }
        // as it came: the endpoint refuses one that is no media type (getContentType() would throw)
        String contentType = exchange.getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        return DataBufferUtils.join(exchange.getRequest().getBody(), TokenEndpoint.MAX_REQUEST_BYTES)
            .map(TokenEndpointWebFilter::bytes)
            .onErrorResume(DataBufferLimitException.class, ex -> Mono.just(new byte[TokenEndpoint.MAX_REQUEST_BYTES + 1]))
            .defaultIfEmpty(new byte[0])
            .publishOn(Schedulers.boundedElastic())
            .map(body -> this.endpoint.handle(contentType, body))
            .flatMap(answer -> write(response, answer));
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        }
        finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static Mono<Void> write(ServerHttpResponse response, TokenEndpoint.Answer answer) {
        byte[] json = answer.json().getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(HttpStatus.valueOf(answer.status()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setCacheControl("no-store");
        response.getHeaders().setContentLength(json.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
    }
}
