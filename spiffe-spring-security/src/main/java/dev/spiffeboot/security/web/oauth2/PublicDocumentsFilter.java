package dev.spiffeboot.security.web.oauth2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.spiffeboot.security.oauth2.PublicDocuments;

/**
 * Serves {@link PublicDocuments} (this application's client ID metadata document and JWK Set, its authorization
 * server metadata) to {@code GET} and {@code HEAD}, before the security filters: they are fetched without
 * credentials. Other methods on those paths get 405; other paths pass on.
 */
public class PublicDocumentsFilter extends OncePerRequestFilter {

    private final List<PublicDocuments> documents;

    /** A filter serving the documents. */
    public PublicDocumentsFilter(List<? extends PublicDocuments> documents) {
        this.documents = List.copyOf(documents);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        PublicDocuments.Document document = PublicDocuments.find(this.documents, path);
        if (document == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean head = HttpMethod.HEAD.matches(request.getMethod());
        if (!head && !HttpMethod.GET.matches(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        byte[] body = document.json().getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "max-age=" + document.maxAge().toSeconds());
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }
}
