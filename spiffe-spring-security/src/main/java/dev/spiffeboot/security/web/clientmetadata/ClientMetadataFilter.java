package dev.spiffeboot.security.web.clientmetadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.spiffeboot.security.oauth2.client.ClientMetadataEndpoints;

/**
 * Serves this application's client ID metadata document and JWK Set ({@link ClientMetadataEndpoints}) to
 * {@code GET} and {@code HEAD}, before the security filters: verifiers fetch them without credentials. Other methods
 * on those paths get 405; other paths pass on.
 */
public class ClientMetadataFilter extends OncePerRequestFilter {

    private final ClientMetadataEndpoints endpoints;

    /** A filter serving the endpoints. */
    public ClientMetadataFilter(ClientMetadataEndpoints endpoints) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String json = this.endpoints.jsonFor(path);
        if (json == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean head = HttpMethod.HEAD.matches(request.getMethod());
        if (!head && !HttpMethod.GET.matches(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "max-age=" + this.endpoints.maxAgeSeconds());
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }
}
