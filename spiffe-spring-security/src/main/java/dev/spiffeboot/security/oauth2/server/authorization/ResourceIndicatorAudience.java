package dev.spiffeboot.security.oauth2.server.authorization;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Makes the RFC 8707 resource indicators of a {@code client_credentials} token request the audience of the JWT
 * access token: each {@code resource} parameter must be an absolute URI without a fragment, else the request is
 * refused with {@code invalid_target} (400). Without a {@code resource} the token keeps Spring's audience, the client
 * ID. Which resources a client may name is not restricted here: the audience only narrows where the token is
 * accepted, and each resource server still authorizes the client by its ID and scopes.
 */
public final class ResourceIndicatorAudience implements OAuth2TokenCustomizer<JwtEncodingContext> {

    /** The request parameter, RFC 8707 section 2. */
    public static final String RESOURCE = "resource";

    private static final String INVALID_TARGET = "invalid_target";

    private static final String ERROR_URI = "https://www.rfc-editor.org/rfc/rfc8707#section-2";

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
                || !(context.getAuthorizationGrant() instanceof OAuth2ClientCredentialsAuthenticationToken grant)) {
            return;
        }
        List<String> resources = resources(grant.getAdditionalParameters().get(RESOURCE));
        if (!resources.isEmpty()) {
            resources.forEach(ResourceIndicatorAudience::checkResource);
            context.getClaims().audience(resources);
        }
    }

    private static List<String> resources(Object parameter) {
        List<String> resources = new ArrayList<>();
        if (parameter instanceof String resource) {
            resources.add(resource);
        }
        else if (parameter instanceof String[] several) {
            resources.addAll(List.of(several));
        }
        return resources;
    }

    private static void checkResource(String resource) {
        URI uri;
        try {
            uri = new URI(resource);
        }
        catch (URISyntaxException ex) {
            throw invalidTarget("resource " + ErrorDescriptions.quote(resource) + " is not a URI");
        }
        if (!uri.isAbsolute() || uri.getRawFragment() != null) {
            throw invalidTarget("resource " + ErrorDescriptions.quote(resource)
                    + " must be an absolute URI without a fragment");
        }
    }

    private static OAuth2AuthenticationException invalidTarget(String description) {
        OAuth2Error error = new OAuth2Error(INVALID_TARGET, ErrorDescriptions.text(description), ERROR_URI);
        return new OAuth2AuthenticationException(error);
    }
}
