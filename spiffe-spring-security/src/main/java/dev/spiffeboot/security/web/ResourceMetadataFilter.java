package dev.spiffeboot.security.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.server.resource.web.OAuth2ProtectedResourceMetadataFilter;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.spiffeboot.security.resource.ProtectedResource;

/**
 * Serves the resource's RFC 9728 metadata document ({@code GET}, {@code application/json}, no authentication) through
 * Spring Security's {@link OAuth2ProtectedResourceMetadataFilter}, at the path the {@link ProtectedResource} names:
 * with a resource identifier, only the one path built from it (Spring's filter alone would answer under any path
 * below the well-known one, with the same identifier); other requests go on down the chain.
 * <p>
 * It stands before the bearer-token authentication, as Spring's resource server puts its filter, so neither a
 * missing, a bad token nor the authorization rules keep a client from the document.
 */
public final class ResourceMetadataFilter extends OncePerRequestFilter {

    /** The JSON libraries Spring's filter writes the document with, in its order of preference. */
    private static final String[] JSON_LIBRARIES = { "tools.jackson.databind.json.JsonMapper",
            "com.fasterxml.jackson.databind.ObjectMapper", "com.google.gson.Gson", "jakarta.json.bind.Jsonb" };

    private final ProtectedResource protectedResource;

    private final OAuth2ProtectedResourceMetadataFilter metadata = new OAuth2ProtectedResourceMetadataFilter();

    /**
     * @throws IllegalStateException if no JSON library Spring's filter can write with is on the class path (it would
     * answer every metadata request with an error)
     */
    public ResourceMetadataFilter(ProtectedResource protectedResource) {
        Assert.notNull(protectedResource, "protectedResource cannot be null");
        if (!canWriteJson()) {
            throw new IllegalStateException("The OAuth 2.0 protected resource metadata cannot be served: Spring Security "
                    + "writes it with Jackson, Gson or JSON-B, and none is on the class path (add "
                    + "spring-boot-starter-jackson, or turn the metadata off)");
        }
        this.protectedResource = protectedResource;
        this.metadata.setProtectedResourceMetadataCustomizer(protectedResource::describe);
    }

    /** Whether a JSON library Spring Security's filter writes the document with is on the class path. */
    public static boolean canWriteJson() {
        ClassLoader classLoader = ResourceMetadataFilter.class.getClassLoader();
        for (String library : JSON_LIBRARIES) {
            if (ClassUtils.isPresent(library, classLoader)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (HttpMethod.GET.matches(request.getMethod()) && this.protectedResource.servesMetadataAt(path)) {
            this.metadata.doFilter(request, response, chain);
            return;
        }
        chain.doFilter(request, response);
    }
}
