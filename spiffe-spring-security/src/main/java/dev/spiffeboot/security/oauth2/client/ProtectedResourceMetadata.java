package dev.spiffeboot.security.oauth2.client;

import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * What a protected resource says about itself (RFC 9728): its resource identifier and the authorization servers
 * whose access tokens it accepts.
 *
 * @param resource the resource identifier
 * @param authorizationServers the issuer identifiers of its authorization servers, in its order of preference
 */
public record ProtectedResourceMetadata(URI resource, List<URI> authorizationServers) {

    public ProtectedResourceMetadata {
        authorizationServers = List.copyOf(authorizationServers);
    }

    /**
     * Parses a metadata document and checks it is about the resource the client called: the document's
     * {@code resource} must be the requested URL's origin, or a prefix of its path at a segment boundary, as RFC 9728
     * requires of metadata found through a {@code WWW-Authenticate} challenge.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static ProtectedResourceMetadata parse(String json, URI requested) {
        Map<String, Object> document;
        try {
            document = JSONObjectUtils.parse(json);
        }
        catch (ParseException ex) {
            throw new IllegalArgumentException("the protected resource metadata is not a JSON object");
        }
        URI resource = uri(document, "resource");
        if (resource == null) {
            throw new IllegalArgumentException("the protected resource metadata has no 'resource'");
        }
        if (!covers(resource, requested)) {
            throw new IllegalArgumentException("the protected resource metadata is about " + resource + ", not about "
                    + requested.getScheme() + "://" + requested.getRawAuthority() + requested.getRawPath());
        }
        List<URI> servers = new ArrayList<>();
        Object listed = document.get("authorization_servers");
        if (listed instanceof List<?> values) {
            for (Object value : values) {
                if (value instanceof String text) {
                    servers.add(URI.create(text));
                }
            }
        }
        return new ProtectedResourceMetadata(resource, servers);
    }

    /** Whether the resource identifier is the URL's origin or a path prefix of it. */
    static boolean covers(URI resource, URI requested) {
        if (!sameOrigin(resource, requested) || resource.getRawQuery() != null || resource.getRawFragment() != null) {
            return false;
        }
        String prefix = (resource.getRawPath() == null) ? "" : resource.getRawPath();
        String path = (requested.getRawPath() == null) ? "" : requested.getRawPath();
        if (prefix.isEmpty() || prefix.equals("/")) {
            return true;
        }
        return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    /** Whether two URLs have the same scheme, host and port. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static URI uri(Map<String, Object> document, String member) {
        Object value = document.get(member);
        if (!(value instanceof String text)) {
            return null;
        }
        try {
            return new URI(text);
        }
        catch (java.net.URISyntaxException ex) {
            throw new IllegalArgumentException("'" + member + "' of the protected resource metadata is not a URI");
        }
    }
}
