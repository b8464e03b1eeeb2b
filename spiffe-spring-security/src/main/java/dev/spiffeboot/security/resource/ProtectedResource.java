package dev.spiffeboot.security.resource;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.util.Assert;
import org.springframework.web.util.UriComponentsBuilder;

import dev.spiffeboot.text.LogSafe;

/**
 * This service as an OAuth 2.0 protected resource (RFC 9728): its resource identifier, the authorization servers
 * that issue tokens for it, its scopes and name; where its metadata document is served, and what the document says.
 * <p>
 * With a {@link Builder#resource resource identifier} the document is served at the one URL RFC 9728 builds from it
 * (section 3.1: {@code /.well-known/oauth-protected-resource} inserted between the host and the path, e.g.
 * {@code https://api.example.com/orders} has its metadata at
 * {@code https://api.example.com/.well-known/oauth-protected-resource/orders}) and its {@code resource} member is
 * exactly that identifier. Without one, both are derived from each request, as Spring Security's
 * {@code OAuth2ProtectedResourceMetadataFilter} does: the document at
 * {@code <request origin><context path>/.well-known/oauth-protected-resource[/path]} says its resource is
 * {@code <request origin><context path>[/path]}. The request's origin comes from its {@code Host} header, so a
 * service reached under several names, or behind a proxy, should set its identifier.
 * <p>
 * The values are checked when they are set; a value RFC 9728 or RFC 8414 does not allow is refused with an
 * {@link IllegalArgumentException} saying why.
 */
public final class ProtectedResource {

    /** Where the metadata is served, before the resource's path is appended (RFC 9728 section 3). */
    public static final String WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource";

    /** The only way the SPIFFE chain reads a bearer token (RFC 9728 {@code bearer_methods_supported}). */
    private static final String BEARER_METHOD = "header";

    /** Path characters without percent-encoding (RFC 3986 pchar minus pct-encoded, and '/'). */
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@/-]*");

    /** An RFC 6749 scope-token: printable ASCII except space, '"' and '\'. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private final String resource;

    private final String metadataPath;

    private final String metadataUrl;

    private final List<String> authorizationServers;

    private final List<String> scopesSupported;

    private final String resourceName;

    private ProtectedResource(Builder builder) {
        this.resource = builder.resource;
        this.authorizationServers = List.copyOf(builder.authorizationServers);
        this.scopesSupported = List.copyOf(builder.scopesSupported);
        this.resourceName = builder.resourceName;
        if (this.resource == null) {
            this.metadataPath = null;
            this.metadataUrl = null;
        }
        else {
            URI uri = URI.create(this.resource);
            // RFC 9728 section 3.1: a terminating slash right after the host is removed before inserting
            String path = "/".equals(uri.getRawPath()) ? "" : uri.getRawPath();
            this.metadataPath = WELL_KNOWN_PATH + path;
            this.metadataUrl = uri.getScheme() + "://" + uri.getRawAuthority() + this.metadataPath;
        }
    }

    /** A builder; a resource without identifier, authorization servers, scopes or name is valid (all are optional). */
    public static Builder builder() {
        return new Builder();
    }

    /** The resource identifier, or empty when it is derived from each request. */
    public Optional<String> resource() {
        return Optional.ofNullable(this.resource);
    }

    /** The issuer identifiers of the authorization servers that issue tokens for this resource. */
    public List<String> authorizationServers() {
        return this.authorizationServers;
    }

    /** The scopes the resource understands. */
    public List<String> scopesSupported() {
        return this.scopesSupported;
    }

    /** The name shown to people, or empty. */
    public Optional<String> resourceName() {
        return Optional.ofNullable(this.resourceName);
    }

    /**
     * Whether the metadata document is served at this path (within the application, without its context path): the
     * one path built from the resource identifier, or, when it is derived, the well-known path and any path below it.
     */
    public boolean servesMetadataAt(String pathWithinApplication) {
        if (this.metadataPath != null) {
            return this.metadataPath.equals(pathWithinApplication);
        }
        return pathWithinApplication.equals(WELL_KNOWN_PATH) || pathWithinApplication.startsWith(WELL_KNOWN_PATH + "/");
    }

    /**
     * The absolute URL of the metadata document, for the {@code resource_metadata} parameter of a 401's challenge
     * (RFC 9728 section 5.1): the one built from the resource identifier, or, when it is derived, the well-known
     * path under the request's origin and context path (as Spring Security's {@code BearerTokenAuthenticationEntryPoint}
     * builds it).
     *
     * @param requestUrl the URL of the request being answered
     * @param contextPath the application's context path ({@code ""} for none)
     */
    public String metadataUrl(String requestUrl, String contextPath) {
        if (this.metadataUrl != null) {
            return this.metadataUrl;
        }
        return UriComponentsBuilder.fromUriString(requestUrl)
            .replacePath(contextPath + WELL_KNOWN_PATH)
            .replaceQuery(null)
            .fragment(null)
            .build()
            .toUriString();
    }

    /**
     * Adds what this resource says about itself to a metadata document Spring Security's
     * {@code OAuth2ProtectedResourceMetadataFilter} is building: the resource identifier (replacing the derived one
     * when set), the authorization servers, scopes and name, bearer tokens in the {@code Authorization} header only,
     * and no certificate-bound access tokens (RFC 8705 binding is not checked, so the resource does not claim it).
     */
    public void describe(OAuth2ProtectedResourceMetadata.Builder metadata) {
        if (this.resource != null) {
            metadata.resource(this.resource);
        }
        this.authorizationServers.forEach(metadata::authorizationServer);
        this.scopesSupported.forEach(metadata::scope);
        if (this.resourceName != null) {
            metadata.resourceName(this.resourceName);
        }
        metadata.bearerMethods(methods -> {
            methods.clear();
            methods.add(BEARER_METHOD);
        });
        metadata.tlsClientCertificateBoundAccessTokens(false);
    }

    /**
     * The metadata document, with its members in the order Spring Security's servlet filter writes them.
     *
     * @param derivedResource the resource identifier derived from the request, used when none is set
     */
    public OAuth2ProtectedResourceMetadata metadata(String derivedResource) {
        OAuth2ProtectedResourceMetadata.Builder metadata = OAuth2ProtectedResourceMetadata.builder()
            .resource(derivedResource)
            .bearerMethod(BEARER_METHOD)
            .tlsClientCertificateBoundAccessTokens(false);
        describe(metadata);
        return metadata.build();
    }

    @Override
    public String toString() {
        return "ProtectedResource[" + ((this.resource != null) ? this.resource : "derived from each request")
                + ", authorization servers " + this.authorizationServers + "]";
    }

    /** Builds a {@link ProtectedResource}; each method checks its value and refuses a bad one. */
    public static final class Builder {

        private String resource;

        private final List<String> authorizationServers = new ArrayList<>();

        private final List<String> scopesSupported = new ArrayList<>();

        private String resourceName;

        private Builder() {
        }

        /**
         * The resource identifier (RFC 9728 section 1.2): an https URL with a host and no fragment; this builder
         * also refuses a query, user information, dot segments and percent-encoded characters, which the metadata
         * URL could not carry unambiguously.
         *
         * @throws IllegalArgumentException saying what is wrong with it
         */
        public Builder resource(String resource) {
            URI uri = httpsUrl(resource);
            if (uri.getRawFragment() != null) {
                throw refused(resource, "has a fragment, which a resource identifier must not have (RFC 9728 section 1.2)");
            }
            if (uri.getRawQuery() != null) {
                throw refused(resource, "has a query: RFC 8707 advises against one in a resource identifier, and the "
                        + "metadata URL built from it could not be matched reliably");
            }
            String path = uri.getRawPath();
            if (!PLAIN_PATH.matcher(path).matches() || !uri.normalize().getRawPath().equals(path) || path.contains("//")) {
                throw refused(resource, "needs a plain path: no percent-encoding, no '.' or '..' segments, no empty segments");
            }
            this.resource = resource;
            return this;
        }

        /**
         * Adds an authorization server by its issuer identifier (RFC 8414 section 2: an https URL with a host and no
         * query or fragment).
         *
         * @throws IllegalArgumentException saying what is wrong with it
         */
        public Builder authorizationServer(String issuer) {
            URI uri = httpsUrl(issuer);
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw refused(issuer, "has a query or fragment, which an issuer identifier must not have (RFC 8414 section 2)");
            }
            this.authorizationServers.add(issuer);
            return this;
        }

        /**
         * Adds a scope the resource understands (an RFC 6749 scope-token).
         *
         * @throws IllegalArgumentException if it is empty or has spaces, quotes, backslashes or non-ASCII characters
         */
        public Builder scope(String scope) {
            Assert.notNull(scope, "scope cannot be null");
            if (!SCOPE_TOKEN.matcher(scope).matches()) {
                throw refused(scope, "is not a scope: printable ASCII without spaces, '\"' or '\\' (RFC 6749 section 3.3)");
            }
            this.scopesSupported.add(scope);
            return this;
        }

        /**
         * The name shown to people (RFC 9728 {@code resource_name}).
         *
         * @throws IllegalArgumentException if it is blank
         */
        public Builder resourceName(String resourceName) {
            if (resourceName == null || resourceName.isBlank()) {
                throw new IllegalArgumentException("a resource name must not be blank");
            }
            this.resourceName = resourceName;
            return this;
        }

        public ProtectedResource build() {
            return new ProtectedResource(this);
        }

        private static URI httpsUrl(String value) {
            Assert.notNull(value, "URL cannot be null");
            URI uri;
            try {
                uri = new URI(value);
            }
            catch (URISyntaxException ex) {
                throw refused(value, "is not a URL (" + ex.getReason() + " at index " + ex.getIndex() + ")");
            }
            if (!"https".equals(uri.getScheme())) {
                throw refused(value, "must be an https URL");
            }
            if (uri.getRawAuthority() == null || uri.getHost() == null) {
                throw refused(value, "must name a host");
            }
            if (uri.getRawUserInfo() != null) {
                throw refused(value, "must not carry user information");
            }
            return uri;
        }

        private static IllegalArgumentException refused(String value, String reason) {
            return new IllegalArgumentException(LogSafe.quote(value) + " " + reason);
        }
    }
}
