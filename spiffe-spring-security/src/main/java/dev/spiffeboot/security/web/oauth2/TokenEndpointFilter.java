package dev.spiffeboot.security.web.oauth2;

import java.io.IOException;
import java.io.InputStream;
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

import dev.spiffeboot.security.oauth2.server.token.TokenEndpoint;

/**
 * Serves a service's own {@link TokenEndpoint} at its path, before the security filters (the client authenticates
 * with its assertion, in the form): {@code POST} only (405 otherwise), the body read up to
 * {@link TokenEndpoint#MAX_REQUEST_BYTES}, answers sent with {@code Cache-Control: no-store}.
 */
public class TokenEndpointFilter extends OncePerRequestFilter {

    private final TokenEndpoint endpoint;

    private final String path;

    /** A filter serving the endpoint at the local path. */
    public TokenEndpointFilter(TokenEndpoint endpoint, String path) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.path = Objects.requireNonNull(path, "path");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!this.path.equals(request.getRequestURI().substring(request.getContextPath().length()))) {
            chain.doFilter(request, response);
            return;
        }
        if (!HttpMethod.POST.matches(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "POST");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(TokenEndpoint.MAX_REQUEST_BYTES + 1);
        }
        TokenEndpoint.Answer answer = this.endpoint.handle(request.getContentType(), body);
        byte[] json = answer.json().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
