package dev.spiffeboot.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import dev.spiffeboot.security.resource.ProtectedResource;

/**
 * The service as an OAuth 2.0 protected resource (RFC 9728): the metadata document the SPIFFE filter chain serves at
 * {@code /.well-known/oauth-protected-resource}, and the {@code resource_metadata} parameter of its 401 challenges.
 */
@ConfigurationProperties(SpiffeResourceMetadataProperties.PREFIX)
public class SpiffeResourceMetadataProperties {

    static final String PREFIX = "spiffe.security.resource-metadata";

    /**
     * Whether the metadata is served and named in 401 challenges. Unset means: when authorization-servers is set.
     */
    private Boolean enabled;

    /**
     * The resource identifier: an https URL without query or fragment, e.g. https://orders.example.com or
     * https://api.example.com/orders. The metadata is served at the URL RFC 9728 builds from it
     * (https://api.example.com/.well-known/oauth-protected-resource/orders) and says exactly this identifier. Unset
     * means: derived from each request's Host header and context path, as Spring Security does.
     */
    private String resource;

    /**
     * Issuer identifiers (https URLs without query or fragment) of the authorization servers that issue access tokens
     * for this resource.
     */
    private List<String> authorizationServers = new ArrayList<>();

    /**
     * Scopes this resource understands, listed as scopes_supported.
     */
    private List<String> scopesSupported = new ArrayList<>();

    /**
     * A name of the resource for people, listed as resource_name.
     */
    private String resourceName;

    public Boolean getEnabled() {
        return this.enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getResource() {
        return this.resource;
    }

    public void setResource(String resource) {
        this.resource = resource;
    }

    public List<String> getAuthorizationServers() {
        return this.authorizationServers;
    }

    public void setAuthorizationServers(List<String> authorizationServers) {
        this.authorizationServers = authorizationServers;
    }

    public List<String> getScopesSupported() {
        return this.scopesSupported;
    }

    public void setScopesSupported(List<String> scopesSupported) {
        this.scopesSupported = scopesSupported;
    }

    public String getResourceName() {
        return this.resourceName;
    }

    public void setResourceName(String resourceName) {
        this.resourceName = resourceName;
    }

    /**
     * The protected resource these properties describe.
     *
     * @throws ResourceMetadataException naming the property and the value that is not allowed
     */
    ProtectedResource toProtectedResource() {
        ProtectedResource.Builder builder = ProtectedResource.builder();
        if (StringUtils.hasText(this.resource)) {
            set("resource", this.resource, builder::resource);
        }
        for (int i = 0; i < this.authorizationServers.size(); i++) {
            set("authorization-servers[" + i + "]", this.authorizationServers.get(i), builder::authorizationServer);
        }
        for (int i = 0; i < this.scopesSupported.size(); i++) {
            set("scopes-supported[" + i + "]", this.scopesSupported.get(i), builder::scope);
        }
        if (this.resourceName != null) {
            set("resource-name", this.resourceName, builder::resourceName);
        }
        return builder.build();
    }

    private static void set(String property, String value, Consumer<String> setter) {
        try {
            setter.accept(value);
        }
        catch (IllegalArgumentException ex) {
            throw ResourceMetadataException.invalidValue(PREFIX + "." + property, ex.getMessage());
        }
    }
}
