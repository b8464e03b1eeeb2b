package dev.spiffeboot.security.web.server;

import java.nio.charset.StandardCharsets;

import com.nimbusds.jose.util.JSONObjectUtils;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriComponentsBuilder;

import dev.spiffeboot.security.resource.ProtectedResource;

/**
 * Serves the resource's RFC 9728 metadata document on WebFlux ({@code GET}, {@code application/json}, no
 * authentication), the reactive twin of {@link dev.spiffeboot.security.web.ResourceMetadataFilter}, which Spring
 * Security 7.1 has no equivalent of: the same members in the same order, built with Spring's
 * {@code OAuth2ProtectedResourceMetadata}, at the same path, with the resource identifier derived from the request
 * as Spring's servlet filter derives it when none is set. Other exchanges go on down the chain.
 * <p>
 * It stands before the authentication, so neither a missing, a bad token nor the authorization rules keep a client
 * from the document.
 */
public final class ResourceMetadataWebFilter implements WebFilter {

    private final ProtectedResource protectedResource;

    public ResourceMetadataWebFilter(ProtectedResource protectedResource) {
        Assert.notNull(protectedResource, "protectedResource cannot be null");
        this.protectedResource = protectedResource;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!HttpMethod.GET.equals(request.getMethod())
                || !this.protectedResource.servesMetadataAt(request.getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        // as Spring's servlet filter: the request's origin, and its path without the well-known part
        String derivedResource = UriComponentsBuilder.fromUri(request.getURI())
            .replacePath(request.getPath().value().replace(ProtectedResource.WELL_KNOWN_PATH, ""))
            .replaceQuery(null)
            .fragment(null)
            .build()
            .toUriString();
        byte[] document = JSONObjectUtils.toJSONString(this.protectedResource.metadata(derivedResource).getClaims())
            .getBytes(StandardCharsets.UTF_8);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(document)));
    }
}
