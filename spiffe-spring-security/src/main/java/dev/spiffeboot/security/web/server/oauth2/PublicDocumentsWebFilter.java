package dev.spiffeboot.security.web.server.oauth2;

import java.nio.charset.StandardCharsets;
import java.util.List;

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

import dev.spiffeboot.security.oauth2.PublicDocuments;

/**
 * The WebFlux twin of the servlet {@code PublicDocumentsFilter}: serves {@link PublicDocuments} to {@code GET} and
 * {@code HEAD} before Spring Security's web filters, answers other methods on those paths with 405, and passes other
 * paths on.
 */
public class PublicDocumentsWebFilter implements WebFilter, Ordered {

    /** Before Spring Security's {@code WebFilterChainProxy} (order -100). */
    public static final int ORDER = -200;

    private final List<PublicDocuments> documents;

    /** A filter serving the documents. */
    public PublicDocumentsWebFilter(List<? extends PublicDocuments> documents) {
        this.documents = List.copyOf(documents);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PublicDocuments.Document document = PublicDocuments.find(this.documents, exchange.getRequest().getPath().pathWithinApplication().value());
        if (document == null) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        HttpMethod method = exchange.getRequest().getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            response.setStatusCode(HttpStatus.METHOD_NOT_ALLOWED);
            response.getHeaders().set(HttpHeaders.ALLOW, "GET, HEAD");
            return response.setComplete();
        }
        byte[] body = document.json().getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setCacheControl("max-age=" + document.maxAge().toSeconds());
        response.getHeaders().setContentLength(body.length);
        if (method == HttpMethod.HEAD) {
            return response.setComplete();
        }
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
